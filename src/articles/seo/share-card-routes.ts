import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Refusal } from '../../errors';
import { Text } from '../../web/schemas';
import { isVisible } from '../model';
import type { ArticlesRepository } from '../repository';
import { cardFileName, cardPath, type ShareCards } from './share-card';

const schemas = {
  card: { params: Type.Object({ file: Text(40, { pattern: '^[1-9][0-9]{0,11}-[0-9a-f]{16}\\.png$' }) }) },
};

/**
 * `/media/cards/<article id>-<hash>.png`: an article's share card (share-card.ts), made on the
 * first request when the save did not make it (an import, an article from before cards). Only a
 * visible article has one. A card of an earlier title sends to the current one.
 */
export const shareCardRoutes: FastifyPluginAsyncTypebox<{ articles: ArticlesRepository; cards: ShareCards; site: { SITE_NAME: string; SITE_URL: string }; now: () => Date }> = async (
  app,
  { articles, cards, site, now },
) => {
  app.get('/media/cards/:file', { schema: schemas.card }, async (request, reply) => {
    const { file } = request.params;
    const notFound = () => new Refusal('no_route', { method: 'GET', path: request.url.split('?')[0] ?? '/' });
    const article = await articles.findById(Number(file.split('-')[0]));
    if (!article || !isVisible(article, now())) throw notFound();
    if (cardFileName(article, site) !== file) return reply.header('cache-control', 'public, max-age=60').redirect(cardPath(article, site), 302);
    const found = await cards.storage.stream(await cards.ensure(article));
    if (!found) throw notFound();
    return reply
      .header('content-type', 'image/png')
      .header('content-length', found.size)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('x-content-type-options', 'nosniff')
      .send(found.body);
  });
};
