import type { TSchema } from 'typebox';
import type { ApiRoute } from './routes';
import { ErrorBody } from './schemas';

const ERROR_TEXT: Record<number, string> = {
  400: 'A parameter is wrong; `field` names it',
  401: 'No key, an unknown key or a revoked key',
  404: 'Nothing by that slug (or a filter names a rubric, tag or author that does not exist)',
  429: 'Too many requests with this key; wait for Retry-After seconds',
};

/** A TypeBox schema as plain JSON (its own bookkeeping, if any, left behind). */
const plain = (schema: TSchema): Record<string, unknown> => JSON.parse(JSON.stringify(schema)) as Record<string, unknown>;

interface ObjectSchema {
  properties?: Record<string, Record<string, unknown>>;
  required?: string[];
}

function parameters(where: 'path' | 'query', schema: TSchema | undefined) {
  if (!schema) return [];
  const { properties = {}, required = [] } = plain(schema) as ObjectSchema;
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return { name, in: where, required: where === 'path' || required.includes(name), ...(description ? { description } : {}), schema: rest };
  });
}

/**
 * The OpenAPI 3.1 document of the routes as registered: paths, parameters and answers come from
 * the very schemas Fastify validates with, so the document cannot drift from the code.
 */
export function openApiDocument(routes: readonly ApiRoute[], site: { siteUrl: string; siteName: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.url.replace(/:([A-Za-z_]+)/g, '{$1}');
    const responses: Record<string, unknown> = {
      200: { description: 'OK', content: { 'application/json': { schema: plain(r.response) } } },
    };
    for (const status of [...new Set([...r.errors, 401, 429])].sort()) {
      responses[status] = { description: ERROR_TEXT[status] ?? 'Refused', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
    }
    paths[path] = {
      get: {
        operationId: r.operationId,
        summary: r.summary,
        ...(r.description ? { description: r.description } : {}),
        parameters: [...parameters('path', r.params), ...parameters('query', r.querystring)],
        responses,
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: `${site.siteName} Content API`,
      version: '1',
      description: 'Read-only access to the published articles, rubrics, tags and authors. Every request needs a key (made by the site’s admins).',
    },
    servers: [{ url: site.siteUrl.replace(/\/+$/, '') }],
    security: [{ bearer: [] }, { header: [] }, { query: [] }],
    paths,
    components: {
      schemas: { Error: plain(ErrorBody) },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer KEY' },
        header: { type: 'apiKey', in: 'header', name: 'X-Paddock-Key' },
        query: { type: 'apiKey', in: 'query', name: 'key', description: 'For clients that cannot send headers; the key then shows in URLs' },
      },
    },
  };
}
