import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Refusal } from '../errors';
import type { I18n } from '../i18n/messages';
import { describeRefusal, refusalJson, refusalOf } from './refusals';

/** API paths and requests that ask for JSON get JSON errors; everything else gets a page. */
export function wantsJson(request: FastifyRequest): boolean {
  const path = request.url;
  if (path.startsWith('/api/') || path.startsWith('/admin/api/')) return true;
  const accept = (request.headers.accept ?? '').split(',')[0] ?? '';
  const type = request.headers['content-type'] ?? '';
  return accept.includes('application/json') || (type.startsWith('application/json') && !accept.includes('text/html'));
}

/** How a scope shows a refusal as a page: the site's error page, or the admin's. */
export interface ErrorPages {
  i18n(request: FastifyRequest): I18n;
  page(request: FastifyRequest, reply: FastifyReply, refusal: Refusal, message: string): Promise<unknown> | unknown;
  /** Where a missing page has moved (stored redirects), asked only when a GET or HEAD would be a 404. */
  movedTo?(request: FastifyRequest): Promise<{ location: string; status: number } | null>;
}

/**
 * Answers any error with the refusal it amounts to, as JSON or as a page. One shape for the
 * public site and the admin: they differ only in `pages`. Faults of ours are logged and shown
 * without internals.
 */
export function errorResponder(pages: ErrorPages) {
  return async (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const { refusal, status, internal } = refusalOf(error, request);
    // Asked only here, after every route said no, so a redirect can never shadow a page that exists.
    if (status === 404 && pages.movedTo && (request.method === 'GET' || request.method === 'HEAD')) {
      const moved = await pages.movedTo(request).catch((err: unknown) => {
        request.log.error({ err }, 'redirect lookup failed');
        return null;
      });
      // Short caching: a redirect an editor removes should stop answering soon, even behind a CDN.
      if (moved) return reply.status(moved.status).header('location', moved.location).header('cache-control', 'public, max-age=300').send();
    }
    if (internal) request.log.error({ err: error }, 'request failed');
    if (status === 503 && !reply.hasHeader('retry-after')) reply.header('retry-after', '30');
    reply.status(status).header('cache-control', 'no-store');
    if (wantsJson(request)) return reply.send(refusalJson(refusal));
    return pages.page(request, reply, refusal, describeRefusal(refusal, pages.i18n(request)));
  };
}

export function installErrorPages(scope: FastifyInstance, pages: ErrorPages): ReturnType<typeof errorResponder> {
  const respond = errorResponder(pages);
  scope.setErrorHandler(respond);
  return respond;
}
