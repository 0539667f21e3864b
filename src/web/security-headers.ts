import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

/**
 * Security headers from helmet, with a CSP that allows no inline script or style. The middleware
 * is built once here: @fastify/helmet rebuilds it on every request, which cost a third of the
 * article page's throughput in bench:http.
 */
export function registerSecurityHeaders(app: FastifyInstance, siteUrl: string): void {
  const https = siteUrl.startsWith('https:');
  const middleware = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'https:'],
        fontSrc: ["'self'"],
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
  app.addHook('onRequest', (request, reply, done) => {
    middleware(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined));
  });
}
