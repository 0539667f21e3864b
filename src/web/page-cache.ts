import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import type { SiteState } from './site-state';

interface Entry {
  version: number;
  validUntil: number;
  body: Buffer;
  etag: string;
  contentType: string;
  cacheControl: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Public page whose bytes depend only on the URL, the content version and the clock. */
    pageCache?: boolean;
  }
}

const MAX_AGE_MS = 60_000;

/**
 * The cache key: the path and only the query parameters the route's schema declares, in a fixed
 * order. Tracking parameters (utm_source, fbclid) do not change the page, so they must not split
 * the cache or let anyone fill it with copies of one page.
 */
export function pageCacheKey(request: FastifyRequest): string {
  const [path = '/', search = ''] = request.url.split('?', 2);
  const declared = (request.routeOptions.schema?.querystring as { properties?: Record<string, unknown> } | undefined)?.properties;
  if (!search || !declared) return path;
  const given = new URLSearchParams(search);
  const kept = new URLSearchParams();
  for (const name of Object.keys(declared).sort()) for (const value of given.getAll(name)) kept.append(name, value);
  const query = kept.toString();
  return query ? `${path}?${query}` : path;
}
const kSnapshot = Symbol('pageCacheSnapshot');
/** What a cacheable request learnt on the way in: its cache key and the content version it saw. */
interface Snapshot {
  key: string;
  version: number;
  validUntil: number;
}

/**
 * Rendered public pages, reused while the database's content version is unchanged and no
 * scheduled event (publication, campaign open/close) has come due. Every request still asks the
 * database for the version, so instances sharing a database never serve a stale page; the cache
 * only saves rendering. Pages also carry an ETag for browsers and a CDN.
 */
export function registerPageCache(app: FastifyInstance, siteState: SiteState, now: () => Date, maxEntries = 2000): void {
  const cache = new LRUCache<string, Entry>({ max: maxEntries });
  const cacheable = (request: FastifyRequest) =>
    (request.method === 'GET' || request.method === 'HEAD') && request.routeOptions.config.pageCache === true;

  app.addHook('onRequest', async (request: FastifyRequest & { [kSnapshot]?: Snapshot }, reply: FastifyReply) => {
    if (!cacheable(request)) return;
    const snapshot = await siteState.current();
    const at = now().getTime();
    const key = pageCacheKey(request);
    request[kSnapshot] = { key, version: snapshot.version, validUntil: Math.min(snapshot.stableUntil, at + MAX_AGE_MS) };
    const entry = cache.get(key);
    if (!entry || entry.version !== snapshot.version || at >= entry.validUntil) return;
    request[kSnapshot] = undefined; // served from the cache: nothing to store on the way out
    reply.header('content-type', entry.contentType).header('cache-control', entry.cacheControl).header('etag', entry.etag);
    if (request.headers['if-none-match'] === entry.etag) return reply.status(304).send();
    return reply.send(entry.body);
  });

  app.addHook('onSend', async (request: FastifyRequest & { [kSnapshot]?: Snapshot }, reply, payload) => {
    const snapshot = request[kSnapshot];
    if (!snapshot || reply.statusCode !== 200 || typeof payload !== 'string') return payload;
    // @fastify/etag may have tagged the payload already; keep one tag for both paths.
    const etag = String(reply.getHeader('etag') ?? `W/"${crypto.createHash('sha1').update(payload).digest('base64url')}"`);
    reply.header('etag', etag);
    cache.set(snapshot.key, {
      version: snapshot.version,
      validUntil: snapshot.validUntil,
      // Kept encoded: sending a Buffer skips re-encoding the page on every hit.
      body: Buffer.from(payload),
      etag,
      contentType: String(reply.getHeader('content-type') ?? 'text/html; charset=utf-8'),
      cacheControl: String(reply.getHeader('cache-control') ?? 'no-cache'),
    });
    return payload;
  });
}
