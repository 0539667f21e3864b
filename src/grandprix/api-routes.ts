import type { FastifyInstance } from 'fastify';
import { HttpError, notFound } from '../web/errors';
import type { StoredCampaign } from './campaigns-repository';
import { campaignStatus, toIsoWithOffset } from './deadline';
import type { EntryInput } from './entry-validate';
import { freezeIfDue } from './freeze';
import type { GrandPrix } from './grand-prix';
import { checkIdempotencyKey } from './idempotency';

/** Largest entry body accepted: a full ballot with long text answers is a few KB. */
export const MAX_ENTRY_BYTES = 64 * 1024;

export function entryRateLimit(perMinute: number) {
  return perMinute > 0 ? { rateLimit: { max: perMinute, timeWindow: 60_000 } } : {};
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The public definition of a campaign and where it stands. */
export async function publicCampaign(gp: GrandPrix, stored: StoredCampaign, now: Date) {
  const c = stored.definition;
  const freeze = await freezeIfDue(gp.db, stored, now);
  return {
    slug: c.slug,
    title: c.title,
    description: c.description,
    status: campaignStatus(c, now),
    timezone: c.timezone,
    opens_at: toIsoWithOffset(c.opensAt, c.timezone),
    closes_at: toIsoWithOffset(c.closesAt, c.timezone),
    live_results: c.live_results,
    rules: c.rules,
    prizes: c.prizes,
    categories: c.categories.map((cat) => ({ id: cat.id, title: cat.title, description: cat.description, nominees: cat.nominees })),
    questions: c.questions,
    proof_of_work: { required: gp.pow !== null, challenge_url: gp.pow ? '/api/v1/altcha/challenge' : null, field: 'altcha' },
    commitment: stored.drawCommitment,
    entries_digest: freeze.state === 'frozen' ? freeze.digest : null,
    entries_count: freeze.state === 'frozen' ? freeze.count : null,
    entries_frozen_at: freeze.state === 'frozen' ? freeze.at : null,
    entries_freeze_waits_until: freeze.state === 'waiting' ? freeze.until : null,
    draw: { alternates: c.draw.alternates, claim_days: c.draw.claim_days, beacon: c.draw.beacon ?? null },
  };
}

export async function grandPrixApiRoutes(app: FastifyInstance, gp: GrandPrix, now: () => Date) {
  const load = async (slug: string) => {
    const stored = await gp.campaigns.findBySlug(slug);
    if (!stored) throw notFound(`There is no campaign "${slug}".`);
    return stored;
  };

  app.get<{ Params: { slug: string } }>('/api/v1/campaigns/:slug', async (request, reply) => {
    const stored = await load(request.params.slug);
    return reply.header('cache-control', 'no-cache').send(await publicCampaign(gp, stored, now()));
  });

  app.get('/api/v1/altcha/challenge', async (_request, reply) => {
    if (!gp.pow) throw new HttpError(404, 'pow_off', 'Proof-of-work is switched off on this site (PADDOCK_POW=off): send entries without it.');
    return reply.header('cache-control', 'no-store').send(await gp.pow.challenge(now()));
  });

  app.post<{ Params: { slug: string }; Body: unknown }>(
    '/api/v1/campaigns/:slug/entries',
    { bodyLimit: MAX_ENTRY_BYTES, config: entryRateLimit(gp.config.ENTRY_RATE_LIMIT) },
    async (request, reply) => {
      const at = now();
      const stored = await gp.entryCampaigns.bySlug(request.params.slug);
      if (!stored) throw notFound(`There is no campaign "${request.params.slug}".`);
      const body = request.body;
      if (!isPlainObject(body)) throw new HttpError(400, 'invalid_body', 'Send a JSON object: {"name", "email", "adult", "consent", "ballot", "answers"}.');
      for (const field of ['ballot', 'answers'] as const) {
        if (body[field] !== undefined && !isPlainObject(body[field])) {
          throw new HttpError(400, 'invalid_field', `"${field}" must be an object mapping ${field === 'ballot' ? 'category ids to nominee ids' : 'question ids to answers'}.`, field);
        }
      }
      const key = checkIdempotencyKey(request.headers['idempotency-key']);
      const { altcha, ...fields } = body;
      const input = fields as EntryInput;
      const replay = key ? await gp.service.replay(stored, input, key) : null;
      if (replay) return reply.status(replay.status).send(replay.body);
      const entry = gp.service.check(stored, input, at);
      if (gp.pow && !(await gp.pow.verifyAndSpend(altcha, at))) {
        throw new HttpError(400, altcha === undefined ? 'pow_required' : 'pow_invalid', 'Solve the proof-of-work challenge from GET /api/v1/altcha/challenge and send the solution as "altcha" (each solution works once).', 'altcha');
      }
      const response = await gp.service.submit(stored, input, entry, { now: at, idempotencyKey: key });
      return reply.status(response.status).send(response.body);
    },
  );

  app.post<{ Body: unknown }>('/api/v1/entries/confirm', { bodyLimit: 4096, config: entryRateLimit(gp.config.ENTRY_RATE_LIMIT) }, async (request) => {
    const token = isPlainObject(request.body) ? request.body.token : undefined;
    const { code } = await gp.service.confirm(token, now(), gp.entryCampaigns.byId);
    return { entry_code: code };
  });

  app.get<{ Params: { slug: string } }>('/api/v1/campaigns/:slug/results', async (request, reply) => {
    const stored = await load(request.params.slug);
    if (!gp.results.isPublic(stored, now())) {
      throw new HttpError(403, 'results_not_public', 'Results are published when the vote closes.');
    }
    const results = await gp.results.compute(stored);
    return reply.header('cache-control', 'no-cache').send(results);
  });
}
