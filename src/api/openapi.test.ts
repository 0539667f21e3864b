import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { articleInput } from '../../test/support/articles';
import { buildTestApp } from '../../test/support/app';
import { forEachEngine, type TestDatabase } from '../../test/support/engines';
import { articlesRepository } from '../articles/repository';
import { validatorCompiler } from '../web/validation';
import { apiKeysService } from './keys';
import { FullArticle } from './schemas';

interface Parameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: object;
}
interface Operation {
  operationId: string;
  parameters: Parameter[];
  responses: Record<string, { content: { 'application/json': { schema: Record<string, unknown> } } }>;
}
interface Document {
  openapi: string;
  paths: Record<string, { get: Operation }>;
  components: { schemas: Record<string, object>; securitySchemes: Record<string, object> };
}

/** The repository's own ajv (web/validation.ts), as it checks bodies: no coercion. */
function validator(schema: object) {
  const validate = validatorCompiler({ schema, method: 'GET', url: '/check', httpPart: 'body' }) as unknown as ((value: unknown) => boolean) & { errors?: unknown };
  return (value: unknown, what: string) => assert.ok(validate(structuredClone(value)), `${what}: ${JSON.stringify(validate.errors)}\n${JSON.stringify(value).slice(0, 500)}`);
}

/** A working value for every parameter the document names: a parameter added without one fails the walk. */
const EXAMPLES: Record<string, string> = {
  slug: 'walk-one',
  rubric: 'news',
  tag: 'lada',
  author: 'test-writer',
  updated_since: '2020-01-01T00:00:00+03:00',
  limit: '1',
  fields: 'slug,title,summary',
  // cursor: the next_cursor of the route's own first page (below)
};

forEachEngine('Content API document', (open) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let key = '';
  let doc: Document;

  before(async () => {
    database = await open();
    const articles = articlesRepository(database);
    await articles.save(articleInput({ slug: 'walk-one', publishedAt: new Date('2026-01-01T00:00:00Z') }));
    await articles.save(articleInput({ slug: 'walk-two', publishedAt: new Date('2026-01-02T00:00:00Z'), tags: [{ slug: 'ev', name: 'EV' }, { slug: 'lada', name: 'Lada' }], author: 'Test Writer, Other Writer' }));
    key = (await apiKeysService(database.db).add({ name: 'Walker' }, 'test')).token;
    app = await buildTestApp(database, { now: () => new Date('2026-03-01T00:00:00Z') });
    const res = await app.inject('/api/v1/openapi.json');
    assert.equal(res.statusCode, 200, 'the document needs no key');
    doc = JSON.parse(res.body) as Document;
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  const get = (url: string, withKey = true) => app.inject({ method: 'GET', url, headers: withKey ? { authorization: `Bearer ${key}` } : {} });

  test('the document is OpenAPI 3.1 with every route, its parameters from the routes\' schemas and the three ways to send a key', () => {
    assert.equal(doc.openapi, '3.1.0');
    assert.deepEqual(Object.keys(doc.paths).sort(), ['/api/v1/articles', '/api/v1/articles/{slug}', '/api/v1/authors', '/api/v1/rubrics', '/api/v1/tags']);
    assert.deepEqual(Object.keys(doc.components.securitySchemes).sort(), ['bearer', 'header', 'query']);
    const list = doc.paths['/api/v1/articles']!.get;
    assert.deepEqual(list.parameters.map((p) => p.name).sort(), ['author', 'cursor', 'fields', 'limit', 'rubric', 'tag', 'updated_since']);
    assert.deepEqual(list.parameters.find((p) => p.name === 'limit')!.schema, { type: 'integer', minimum: 1, maximum: 100, default: 20 });
    assert.deepEqual(doc.paths['/api/v1/articles/{slug}']!.get.parameters.find((p) => p.in === 'path'), { name: 'slug', in: 'path', required: true, schema: { type: 'string', maxLength: 300 } });
  });

  test('every documented route answers every documented parameter with what its 200 schema says, and its errors with the Error schema', async () => {
    const errorValid = validator(doc.components.schemas.Error!);
    const fullValid = validator(FullArticle);
    // The check has teeth: a wrong type, a missing property or an extra one fails it.
    assert.throws(() => fullValid({ slug: 1 }, 'wrong'));
    assert.throws(() => errorValid({ error: { code: 'x', message: 'y', extra: true } }, 'extra'));
    let calls = 0;
    for (const [template, { get: op }] of Object.entries(doc.paths)) {
      const valid = validator(op.responses['200']!.content['application/json'].schema);
      for (const p of op.parameters) assert.ok(p.name === 'cursor' || p.name in EXAMPLES, `${op.operationId}: no example for parameter ${p.name}`);
      let path = template;
      for (const p of op.parameters.filter((x) => x.in === 'path')) path = path.replace(`{${p.name}}`, encodeURIComponent(EXAMPLES[p.name]!));
      const required = op.parameters.filter((p) => p.in === 'query' && p.required).map((p) => `${p.name}=${encodeURIComponent(EXAMPLES[p.name]!)}`);
      const call = async (extra: string[]) => {
        const url = [path, [...required, ...extra].join('&')].filter(Boolean).join('?');
        const res = await get(url);
        calls++;
        assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
        const body = JSON.parse(res.body) as Record<string, unknown>;
        valid(body, url);
        return body;
      };
      const plainBody = await call([]);
      // Without fields, each article has every property.
      const items = (plainBody.articles as unknown[] | undefined) ?? (plainBody.article ? [plainBody.article] : []);
      for (const item of items) fullValid(item, `${template} item`);
      for (const p of op.parameters.filter((x) => x.in === 'query' && !x.required)) {
        if (p.name === 'cursor') {
          const first = await call(['limit=1']);
          assert.equal(typeof first.next_cursor, 'string', `${template}: a first page of one has a next_cursor`);
          await call(['limit=1', `cursor=${encodeURIComponent(first.next_cursor as string)}`]);
        } else {
          await call([`${p.name}=${encodeURIComponent(EXAMPLES[p.name]!)}`]);
        }
      }
      // The documented errors: 401 on every route, 400 where it takes query parameters, 404 where documented.
      const unauthorised = await get(path, false);
      assert.equal(unauthorised.statusCode, 401);
      errorValid(JSON.parse(unauthorised.body), `${template} 401`);
      assert.ok(op.responses['401'] && op.responses['429'], `${template}: 401 and 429 documented`);
      if (op.parameters.some((p) => p.name === 'limit')) {
        const bad = await get(`${path}?limit=0`);
        assert.equal(bad.statusCode, 400);
        assert.ok(op.responses['400'], `${template}: 400 documented`);
        errorValid(JSON.parse(bad.body), `${template} 400`);
      }
      if (op.responses['404'] && template.includes('{slug}')) {
        const missing = await get(template.replace('{slug}', 'no-such-article'));
        assert.equal(missing.statusCode, 404);
        errorValid(JSON.parse(missing.body), `${template} 404`);
      }
    }
    assert.ok(calls >= 15, `walked ${calls} requests`);
  });
});
