// The two specifications a third party checks Paddock with, served by the site itself: docs/draw.md
// (recompute the prize draw) and docs/recount.md (recount the results from the ballot list). The
// public pages link here, so a reader reaches the rules the published figures follow without
// knowing where Paddock's source lives. Served as written, as plain text: nothing is rendered.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync } from 'fastify';

export const DRAW_DOC = '/docs/draw.md';
export const RECOUNT_DOC = '/docs/recount.md';

const DOCS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs');

/** Read once at start-up: the files ship with the code and change only with a new release. */
export const specDocRoutes: FastifyPluginAsync = async (app) => {
  for (const url of [DRAW_DOC, RECOUNT_DOC]) {
    const text = fs.readFileSync(path.join(DOCS_DIR, path.basename(url)), 'utf8');
    const etag = `"${createHash('sha256').update(text).digest('hex').slice(0, 32)}"`;
    app.get(url, { schema: {} }, async (request, reply) => {
      reply.header('cache-control', 'public, max-age=3600').header('etag', etag);
      if (request.headers['if-none-match'] === etag) return reply.status(304).send();
      return reply.type('text/plain; charset=utf-8').header('x-content-type-options', 'nosniff').send(text);
    });
  }
};
