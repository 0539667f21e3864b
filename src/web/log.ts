import type { FastifyRequest } from 'fastify';

/**
 * What a request log line says about the request: never the query string, which can hold
 * one-time tokens (confirmation and set-password links), and never cookies or headers.
 */
export const requestLogSerializers = {
  req: (request: FastifyRequest) => ({ method: request.method, url: request.url.split('?')[0], host: request.host, remoteAddress: request.ip }),
} as unknown as Record<string, (value: unknown) => string>;
