import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Refusal } from '../errors';
import { SlugParams, Text } from '../web/schemas';
import type { StoredCampaign } from './campaigns-repository';
import { campaignStatus, toIsoWithOffset } from './deadline';
import type { EntryInput } from './entry-validate';
import { ballotListPath } from './ballot-list';
import { freezeIfDue } from './freeze';
import type { GrandPrix } from './grand-prix';
import { checkIdempotencyKey } from './idempotency';

/** Largest entry body accepted: a full ballot with long text answers is a few KB. */
export const MAX_ENTRY_BYTES = 64 * 1024;

export function entryRateLimit(perMinute: number): { rateLimit?: { max: number; timeWindow: number } } {
  return perMinute > 0 ? { rateLimit: { max: perMinute, timeWindow: 60_000 } } : {};
}

// An answer is a choice, a list of choices, a number or a text; the campaign's rules check which.
const Answer = Type.Union([Text(5000), Type.Number(), Type.Boolean(), Type.Array(Type.Union([Text(5000), Type.Number()]), { maxItems: 100 })]);
const Id = '^[A-Za-z0-9_-]{1,100}$';
const EntryBody = Type.Object(
  {
    name: Type.Optional(Type.Unknown()),
    email: Type.Optional(Type.Unknown()),
    adult: Type.Optional(Type.Unknown()),
    consent: Type.Optional(Type.Unknown()),
    ballot: Type.Optional(Type.Object({}, { patternProperties: { [Id]: Answer }, additionalProperties: false, maxProperties: 100 })),
    answers: Type.Optional(Type.Object({}, { patternProperties: { [Id]: Answer }, additionalProperties: false, maxProperties: 100 })),
    altcha: Type.Optional(Text(10_000)),
  },
  { additionalProperties: false },
);

const schemas = {
  campaign: { params: SlugParams },
  challenge: {},
  entry: { params: SlugParams, body: EntryBody },
  confirm: { body: Type.Object({ token: Type.Optional(Type.Unknown()) }, { additionalProperties: false }) },
};

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
    // The ballot list (docs/recount.md), frozen with the entries; null before, or when frozen before Paddock kept one.
    ballots_digest: freeze.state === 'frozen' ? (freeze.ballots?.digest ?? null) : null,
    ballots_count: freeze.state === 'frozen' ? (freeze.ballots?.count ?? null) : null,
    ballots_url: freeze.state === 'frozen' && freeze.ballots ? ballotListPath(c.slug) : null,
    draw: { alternates: c.draw.alternates, claim_days: c.draw.claim_days, beacon: c.draw.beacon ?? null },
  };
}

export const grandPrixApiRoutes: FastifyPluginAsyncTypebox<{ gp: GrandPrix; now: () => Date }> = async (app, { gp, now }) => {
  const load = async (slug: string) => {
    const stored = await gp.campaigns.findBySlug(slug);
    if (!stored) throw new Refusal('no_campaign', { slug });
    return stored;
  };

  app.get('/api/v1/campaigns/:slug', { schema: schemas.campaign }, async (request, reply) => {
    const stored = await load(request.params.slug);
    return reply.header('cache-control', 'no-cache').send(await publicCampaign(gp, stored, now()));
  });

  app.get('/api/v1/altcha/challenge', { schema: schemas.challenge }, async (_request, reply) => {
    if (!gp.pow) throw new Refusal('pow_off');
    return reply.header('cache-control', 'no-store').send(await gp.pow.challenge(now()));
  });

  app.post(
    '/api/v1/campaigns/:slug/entries',
    { schema: schemas.entry, bodyLimit: MAX_ENTRY_BYTES, config: entryRateLimit(gp.config.ENTRY_RATE_LIMIT) },
    async (request, reply) => {
      const at = now();
      const stored = await gp.entryCampaigns.bySlug(request.params.slug);
      if (!stored) throw new Refusal('no_campaign', { slug: request.params.slug });
      const body = request.body;
      const key = checkIdempotencyKey(request.headers['idempotency-key']);
      const { altcha, ...fields } = body;
      const input = fields as EntryInput;
      const replay = key ? await gp.service.replay(stored, input, key) : null;
      if (replay) return reply.status(replay.status).send(replay.body);
      const entry = gp.service.check(stored, input, at);
      if (gp.pow && !(await gp.pow.verifyAndSpend(altcha, at))) {
        throw new Refusal(altcha === undefined ? 'pow_required' : 'pow_invalid', {}, 'altcha');
      }
      const response = await gp.service.submit(stored, input, entry, { now: at, idempotencyKey: key });
      return reply.status(response.status).send(response.body);
    },
  );

  app.post('/api/v1/entries/confirm', { schema: schemas.confirm, bodyLimit: 4096, config: entryRateLimit(gp.config.ENTRY_RATE_LIMIT) }, async (request) => {
    const { token } = request.body;
    const { code, ballotSecret } = await gp.service.confirm(token, now(), gp.entryCampaigns.byId);
    // Shown once, here and in the receipt mail: only its SHA-256 is stored (docs/recount.md).
    return { entry_code: code, ballot_secret: ballotSecret };
  });

  app.get('/api/v1/campaigns/:slug/results', { schema: schemas.campaign }, async (request, reply) => {
    const stored = await load(request.params.slug);
    const at = now();
    if (!gp.results.isPublic(stored, at)) throw new Refusal('results_not_public');
    // Frozen first, as the results page does, then counted from what was frozen. The results name
    // the list they were counted from (null while provisional), so a recount can tie them to it.
    const freeze = await freezeIfDue(gp.db, stored, at);
    const counted = freeze.state === 'frozen' && !stored.ballots ? ((await gp.campaigns.findById(stored.id)) ?? stored) : stored;
    const results = await gp.results.compute(counted);
    const ballotsDigest = freeze.state === 'frozen' ? (freeze.ballots?.digest ?? null) : null;
    return reply.header('cache-control', 'no-cache').send({ campaign: stored.definition.slug, ballots_digest: ballotsDigest, ...results });
  });
};
