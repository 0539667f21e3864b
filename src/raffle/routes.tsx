import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Refusal } from '../errors';
import { freezeIfDue } from '../grandprix/freeze';
import type { GrandPrix } from '../grandprix/grand-prix';
import { renderPage } from '../web/render';
import { Query, SlugParams, Text } from '../web/schemas';
import type { SiteState } from '../web/site-state';
import { DrawPage } from './draw-page';
import { prizeStates } from './draw-service';
import { drawsRepository } from './draws-repository';

/** The published draw: the raw record (JSON) and the public page with the self-check box. */
// A repeated ?code= checks the first one (the self-check box sends one).
const schemas = {
  record: { params: SlugParams },
  page: { params: SlugParams, querystring: Query({ code: Type.Optional(Type.Union([Text(100), Type.Array(Text(100), { maxItems: 20 })])) }) },
};

export const raffleRoutes: FastifyPluginAsyncTypebox<{ gp: GrandPrix; siteState: SiteState; now: () => Date }> = async (app, { gp, siteState, now }) => {
  const draws = drawsRepository(gp.db);

  app.get('/api/v1/campaigns/:slug/draw', { schema: schemas.record }, async (request, reply) => {
    const stored = await gp.campaigns.findBySlug(request.params.slug);
    if (!stored) throw new Refusal('no_campaign', { slug: request.params.slug });
    const draw = await draws.find(stored.id);
    if (!draw) throw new Refusal('not_drawn', { slug: stored.slug });
    // The stored text itself, so every reader (and every verifier) gets the same bytes; it never changes.
    return reply.type('application/json; charset=utf-8').header('cache-control', 'public, max-age=86400, immutable').send(draw.json);
  });

  app.get('/grand-prix/:slug/draw', { schema: schemas.page }, async (request, reply) => {
    const stored = await gp.campaigns.findBySlug(request.params.slug);
    if (!stored) throw new Refusal('no_campaign', { slug: request.params.slug });
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
};
