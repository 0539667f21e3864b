import type { FastifyInstance } from 'fastify';
import { freezeIfDue } from '../grandprix/freeze';
import type { GrandPrix } from '../grandprix/grand-prix';
import { HttpError, notFound } from '../web/errors';
import { renderPage } from '../web/render';
import type { SiteState } from '../web/site-state';
import { DrawPage } from './draw-page';
import { prizeStates } from './draw-service';
import { drawsRepository } from './draws-repository';

/** The published draw: the raw record (JSON) and the public page with the self-check box. */
export async function raffleRoutes(app: FastifyInstance, gp: GrandPrix, siteState: SiteState, now: () => Date) {
  const draws = drawsRepository(gp.db);

  app.get<{ Params: { slug: string } }>('/api/v1/campaigns/:slug/draw', async (request, reply) => {
    const stored = await gp.campaigns.findBySlug(request.params.slug);
    if (!stored) throw notFound(`There is no campaign "${request.params.slug}".`);
    const draw = await draws.find(stored.id);
    if (!draw) {
      reply.header('cache-control', 'no-cache');
      throw new HttpError(404, 'not_drawn', `The draw of "${stored.slug}" has not taken place yet; the record is published here once it has.`);
    }
    // The stored text itself, so every reader (and every verifier) gets the same bytes; it never changes.
    return reply.type('application/json; charset=utf-8').header('cache-control', 'public, max-age=86400, immutable').send(draw.json);
  });

  app.get<{ Params: { slug: string }; Querystring: { code?: string | string[] } }>('/grand-prix/:slug/draw', async (request, reply) => {
    const stored = await gp.campaigns.findBySlug(request.params.slug);
    if (!stored) throw notFound('There is no such vote.');
    const at = now();
    const [{ site }, freeze, draw, events] = await Promise.all([siteState.current(), freezeIfDue(gp.db, stored, at), draws.find(stored.id), draws.events(stored.id)]);
    const raw = request.query.code;
    const query = Array.isArray(raw) ? raw[0] : raw;
    const page = (
      <DrawPage
        site={site}
        campaign={stored.definition}
        commitment={stored.drawCommitment}
        freeze={freeze}
        draw={draw}
        states={draw ? prizeStates(draw.record, events) : []}
        events={events}
        query={query}
      />
    );
    // Forfeits and claims change the page and the self-check answers differ per query: revalidate each time.
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(renderPage(page));
  });
}
