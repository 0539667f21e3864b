import type { FastifyInstance } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';
import { EMBED_ORIGINS } from './embed-origins';

/**
 * Security headers from helmet, with a CSP that allows no inline script or style. They are worked
 * out once (helmetHeaders) and set on every response: @fastify/helmet rebuilds the middleware on
 * every request, which cost a third of the article page's throughput in bench:http.
 */
export function registerSecurityHeaders(app: FastifyInstance, siteUrl: string): void {
  const headers = helmetHeaders(siteHelmet(siteUrl));
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
}

/** helmet as the site uses it. */
export function siteHelmet(siteUrl: string) {
  const https = siteUrl.startsWith('https:');
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'https:'],
        fontSrc: ["'self'"],
        // Click-to-load video players in articles, and nothing else.
        frameSrc: Object.values(EMBED_ORIGINS),
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    // Pages show images from other sites; Cross-Origin-Embedder-Policy would block them.
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: https,
  });
}

/**
 * What helmet sets, read once: with no nonces in the policy its headers are the same on every
 * response, and setting a fixed set costs far less than running its twelve middlewares per request.
 */
export function helmetHeaders(middleware: ReturnType<typeof helmet>): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number | string[]) => void (headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  let failed: unknown = null;
  middleware({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => void (failed = error ?? null));
  if (failed) throw failed instanceof Error ? failed : new Error(String(failed));
  return headers;
}
