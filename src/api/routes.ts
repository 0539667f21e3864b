import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Static, TObject, TSchema } from 'typebox';
import { isVisible } from '../articles/model';
import type { ArticlesRepository } from '../articles/repository';
import { formatCursor, parseCursor } from '../articles/timeline';
import type { PaddockDb } from '../db/database';
import { Refusal } from '../errors';
import { contentQueries, type ApiOrder, type Position } from './content-queries';
import { apiKeysService, type ApiKey } from './keys';
import { openApiDocument } from './openapi';
import { needsBody, parseFields, pick, presenter } from './present';
import { ArticleList, ArticleOne, ArticleQuery, ArticlesQuery, AuthorList, PageQuery, RubricList, SlugParams, TagList } from './schemas';
import { fromArticle } from './content-queries';
import type { AuthorLink } from '../articles/authors/author-links';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A Content API route that needs a key (api/routes.ts). */
    contentApiKey?: boolean;
  }
  interface FastifyRequest {
    /** The Content API key the request presented, once checked. */
    contentApiKey: ApiKey | null;
  }
}

export interface ContentApiOptions {
  database: Pick<PaddockDb, 'db'>;
  articles: ArticlesRepository;
  siteUrl: string;
  siteName: string;
  now: () => Date;
}

/** One route of the API: registered and documented from this same object. */
export interface ApiRoute<P extends TObject | undefined = TObject | undefined, Q extends TObject | undefined = TObject | undefined> {
  url: string;
  operationId: string;
  summary: string;
  description?: string;
  params?: P;
  querystring?: Q;
  /** The 200 answer's schema. */
  response: TSchema;
  /** The error statuses it may answer besides the ones every route may (401, 429). */
  errors: number[];
  handler: (request: FastifyRequest<{ Params: P extends TObject ? Static<P> : unknown; Querystring: Q extends TObject ? Static<Q> : unknown }>, reply: FastifyReply) => Promise<unknown>;
}

const route = <P extends TObject | undefined, Q extends TObject | undefined>(r: ApiRoute<P, Q>) => r as unknown as ApiRoute;

export const OPENAPI_PATH = '/api/v1/openapi.json';
const ALLOWED_HEADERS = 'Authorization, X-Paddock-Key, If-None-Match';
const EXPOSED_HEADERS = 'Retry-After, ETag, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset';

/** `p1714557600000-123`: the order's letter, then the last item's instant in ms and its id. */
function writeCursor(order: ApiOrder, at: Position): string {
  return `${order === 'updated' ? 'u' : 'p'}${formatCursor(at)}`;
}

function readCursor(text: string, order: ApiOrder): Position {
  const letter = order === 'updated' ? 'u' : 'p';
  const parsed = text.startsWith(letter) ? parseCursor(text.slice(1)) : null;
  if (!parsed) throw new Refusal('api_cursor_invalid', {}, 'cursor');
  return parsed;
}

/** The key as sent: `Authorization: Bearer KEY`, `X-Paddock-Key: KEY` or `?key=KEY` (first found); null when none is. */
export function presentedKey(request: FastifyRequest): string | null {
  const auth = request.headers.authorization;
  const bearer = typeof auth === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(auth)?.[1] : undefined;
  if (bearer) return bearer;
  const header = request.headers['x-paddock-key'];
  if (typeof header === 'string' && header.trim() !== '') return header.trim();
  const query = (request.query as Record<string, unknown> | undefined)?.key;
  if (typeof query === 'string') return query;
  return Array.isArray(query) ? '' : null;
}

/** The routes, in the order the document lists them. */
export function contentApiRoutes(options: ContentApiOptions): ApiRoute[] {
  const { articles, now } = options;
  const queries = contentQueries(options.database.db);
  const present = presenter(options.siteUrl);

  return [
    route({
      url: '/api/v1/articles',
      operationId: 'listArticles',
      summary: 'Published articles, newest first, or by last change with updated_since',
      description:
        'Keyset pages: pass `next_cursor` as `cursor` until it is null; every published article appears once. Filters combine (all must hold). With `updated_since` the order is (updated_at, id) ascending, for syncing: keep the last `updated_at` seen and ask from it.',
      querystring: ArticlesQuery,
      response: ArticleList,
      errors: [400, 404],
      handler: async (request) => {
        const q = request.query;
        const fields = parseFields(q.fields);
        const at = now();
        if (q.rubric !== undefined && !(await articles.findRubric(q.rubric))) throw new Refusal('no_section', {}, 'rubric');
        if (q.tag !== undefined && !(await articles.findTag(q.tag))) throw new Refusal('no_tag', {}, 'tag');
        const author = q.author !== undefined ? await articles.findAuthor(q.author) : undefined;
        if (author === null) throw new Refusal('no_author', {}, 'author');
        let updatedSince: string | undefined;
        if (q.updated_since !== undefined) {
          const ms = Date.parse(q.updated_since);
          if (!Number.isFinite(ms) || ms < 0 || ms > Date.UTC(9999, 11, 31)) throw new Refusal('field_format', { field: 'updated_since' }, 'updated_since');
          updatedSince = new Date(ms).toISOString();
        }
        const order: ApiOrder = updatedSince !== undefined ? 'updated' : 'published';
        const page = await queries.listArticles({
          now: at,
          limit: q.limit ?? 20,
          withBody: needsBody(fields),
          ...(q.rubric !== undefined ? { rubric: q.rubric } : {}),
          ...(q.tag !== undefined ? { tag: q.tag } : {}),
          ...(author ? { authorId: Number(author.id) } : {}),
          ...(updatedSince !== undefined ? { updatedSince } : {}),
          ...(q.cursor !== undefined ? { after: readCursor(q.cursor, order) } : {}),
        });
        return { articles: page.items.map((a) => pick(present.article(a), fields)), next_cursor: page.next ? writeCursor(order, page.next) : null };
      },
    }),
    route({
      url: '/api/v1/articles/:slug',
      operationId: 'getArticle',
      summary: 'One published article by its slug',
      params: SlugParams,
      querystring: ArticleQuery,
      response: ArticleOne,
      errors: [400, 404],
      handler: async (request) => {
        const fields = parseFields(request.query.fields);
        const article = await articles.findBySlug(request.params.slug);
        if (!article || !isVisible(article, now())) throw new Refusal('no_article');
        return { article: pick(present.article(fromArticle(article)), fields) };
      },
    }),
    route({
      url: '/api/v1/rubrics',
      operationId: 'listRubrics',
      summary: 'Rubrics (sections) with at least one published article',
      response: RubricList,
      errors: [],
      handler: async () => ({ rubrics: (await queries.rubrics(now())).map((r) => present.named('rubric', r)) }),
    }),
    route({
      url: '/api/v1/tags',
      operationId: 'listTags',
      summary: 'Tags with at least one published article, by slug',
      querystring: PageQuery,
      response: TagList,
      errors: [400],
      handler: async (request) => {
        const page = await queries.tags(now(), request.query.limit ?? 20, request.query.cursor);
        return { tags: page.items.map((t) => present.named('tag', t)), next_cursor: page.next };
      },
    }),
    route({
      url: '/api/v1/authors',
      operationId: 'listAuthors',
      summary: 'Authors with at least one published article, by slug',
      querystring: PageQuery,
      response: AuthorList,
      errors: [400],
      handler: async (request) => {
        const page = await queries.authors(now(), request.query.limit ?? 20, request.query.cursor);
        return {
          authors: page.items.map((p) => ({
            ...present.named('author', p),
            bio: p.bio,
            links: (JSON.parse(p.links_json) as AuthorLink[]).map((l) => ({ label: l.label, url: l.url })),
            photo:
              p.photo_key !== null && p.photo_format !== null && p.photo_width !== null && p.photo_height !== null
                ? present.libraryImage({ key: p.photo_key, format: p.photo_format, width: p.photo_width, height: p.photo_height, alt: p.photo_alt ?? '' }, { alt: p.photo_alt || p.name, credit: null, caption: null })
                : null,
          })),
          next_cursor: page.next,
        };
      },
    }),
  ];
}

/**
 * The read-only Content API under /api/v1: every route needs a key (api/keys.ts), is limited per
 * key (Redis when configured, memory otherwise, through @fastify/rate-limit's store) and answers
 * browsers only from the origins configured on its key. Errors are the site's JSON errors
 * (web/error-handler.ts answers /api/ paths in JSON). The document at /api/v1/openapi.json is
 * built from the same route list, and needs no key.
 */
export const contentApiRoutesPlugin: FastifyPluginAsync<ContentApiOptions> = async (app, options) => {
  const keys = apiKeysService(options.database.db, options.now);
  const routes = contentApiRoutes(options);
  const document = openApiDocument(routes, { siteUrl: options.siteUrl, siteName: options.siteName });
  const limiter = app.createRateLimit({
    // The prefix too: ids repeat across databases that share one Redis (tests, several sites).
    keyGenerator: (request: FastifyRequest) => `content-api-key:${request.contentApiKey?.id ?? 0}:${request.contentApiKey?.prefix ?? ''}`,
    max: (request: FastifyRequest) => request.contentApiKey?.ratePerMinute ?? 1,
    timeWindow: 60_000,
  });

  app.decorateRequest('contentApiKey', null);

  app.addHook('onRequest', async (request, reply) => {
    if (!request.routeOptions.config.contentApiKey) return;
    reply.header('cache-control', 'private, no-cache');
    if (request.headers.origin !== undefined) reply.header('vary', 'Origin');
    try {
      request.contentApiKey = await keys.authenticate(presentedKey(request));
    } catch (error) {
      if (error instanceof Refusal) reply.header('www-authenticate', 'Bearer realm="content-api"');
      throw error;
    }
    const limit = await limiter(request);
    if (!limit.isAllowed) {
      reply.header('x-ratelimit-limit', String(limit.max)).header('x-ratelimit-remaining', String(limit.remaining)).header('x-ratelimit-reset', String(limit.ttlInSeconds));
      if (limit.isExceeded) {
        reply.header('retry-after', String(Math.max(1, limit.ttlInSeconds)));
        throw new Refusal('api_rate_limited', { max: limit.max, seconds: Math.max(1, limit.ttlInSeconds) });
      }
    }
  });

  // A browser may read an answer only from an origin its key lists; errors after the key is known included.
  app.addHook('onSend', async (request, reply, payload) => {
    const origin = request.headers.origin;
    const key = request.contentApiKey;
    if (origin && key && key.origins.includes(origin)) {
      reply.header('access-control-allow-origin', origin).header('access-control-expose-headers', EXPOSED_HEADERS);
    }
    return payload;
  });

  for (const r of routes) {
    const schema = { ...(r.params ? { params: r.params } : {}), ...(r.querystring ? { querystring: r.querystring } : {}) };
    app.route({ method: 'GET', url: r.url, schema, config: { contentApiKey: true }, handler: r.handler as never });
    // A preflight carries no key, unless in the query: any origin some key in use lists may ask.
    app.route({
      method: 'OPTIONS',
      url: r.url,
      schema: {},
      config: { rateLimit: { max: 120, timeWindow: 60_000 } },
      handler: async (request, reply) => {
        const origin = request.headers.origin;
        reply.header('vary', 'Origin').header('cache-control', 'no-store');
        if (typeof origin === 'string' && (await preflightAllowed(request, origin))) {
          reply
            .header('access-control-allow-origin', origin)
            .header('access-control-allow-methods', 'GET, HEAD')
            .header('access-control-allow-headers', ALLOWED_HEADERS)
            .header('access-control-max-age', '600');
        }
        return reply.status(204).send();
      },
    });
  }

  async function preflightAllowed(request: FastifyRequest, origin: string): Promise<boolean> {
    const inQuery = (request.query as Record<string, unknown> | undefined)?.key;
    if (typeof inQuery !== 'string') return keys.originAllowedByAny(origin);
    try {
      return (await keys.authenticate(inQuery)).origins.includes(origin);
    } catch {
      return false;
    }
  }

  app.get(OPENAPI_PATH, { schema: {} }, async (_request, reply) => reply.header('cache-control', 'public, max-age=300').header('access-control-allow-origin', '*').send(document));
};
