// The back office of the Grand Prix: campaigns, entrants, results and the prize draw. Every
// route needs an admin (entrants' names and emails are personal data); every action that
// changes something or takes personal data away (the entries CSV) is in the audit log, written
// by the same service function the command line uses.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Refusal } from '../../errors';
import { campaignsRepository, type StoredCampaign } from '../../grandprix/campaigns-repository';
import { campaignStatus } from '../../grandprix/deadline';
import { normalizeEmail } from '../../grandprix/email-normalize';
import { entriesRepository } from '../../grandprix/entries-repository';
import { entrantActions, REASON_MAX } from '../../grandprix/entrant-actions';
import { parseEntryCode } from '../../grandprix/entry-code';
import { freezeIfDue } from '../../grandprix/freeze';
import { resultsService } from '../../grandprix/results-service';
import { prizeStates, raffleService } from '../../raffle/draw-service';
import { drawsRepository } from '../../raffle/draws-repository';
import { webhookDrawObserver } from '../../webhooks/draw-observer';
import { webhookStore } from '../../webhooks/store';
import { statusOf } from '../../web/refusals';
import { renderPage } from '../../web/render';
import { Form, PageNumber, Query, Slug, SlugParams, Text, Tick } from '../../web/schemas';
import { adminI18nOf, currentUser, pageContext, sendHtml } from '../context';
import type { AdminDeps } from '../deps';
import { CampaignDetailView, CampaignListView, type CampaignDetailProps, type DrawForms } from './campaigns-view';
import { entryCounts, NO_ENTRIES } from './entry-counts';
import { EntriesView, EntryView } from './entries-view';
import { AdminResultsView } from './results-view';

const PAGE_SIZE = 50;
const CodeParams = Type.Object({ slug: Slug, code: Text(100) });
const Reason = Text(REASON_MAX * 2);
const CodeField = Text(100);

const schemas = {
  list: {},
  detail: { params: SlugParams },
  entries: { params: SlugParams, querystring: Query({ q: Type.Optional(Text(254)), page: Type.Optional(PageNumber) }) },
  entry: { params: CodeParams, querystring: Query({ done: Type.Optional(Text(40)) }) },
  disqualify: { params: CodeParams, body: Form({ reason: Type.Optional(Reason), reason_code: Type.Optional(Text(40)) }) },
  results: { params: SlugParams },
  // drand signatures are 96 hex digits (G1) or 192 (G2, the chained mainnet); room for pasted spaces.
  draw: { params: SlugParams, body: Form({ beacon_signature: Type.Optional(Text(400)), beacon_previous_signature: Type.Optional(Text(400)), allow_fewer: Type.Optional(Tick) }) },
  forfeit: { params: SlugParams, body: Form({ code: Type.Optional(CodeField), reason: Type.Optional(Reason) }) },
  claim: { params: SlugParams, body: Form({ code: Type.Optional(CodeField) }) },
};

export const campaignAdminRoutes: FastifyPluginAsyncTypebox<AdminDeps> = async (app, deps) => {
  const { db, now, config } = deps;
  const i18nOf = (request: FastifyRequest) => adminI18nOf(request, deps.site);
  const adminOnly = { config: { admin: 'admin' as const } };
  const campaigns = campaignsRepository(db);
  const entries = entriesRepository(db);
  const results = resultsService(db);
  const draws = drawsRepository(db);
  const actions = entrantActions(db);
  // The draw is announced to webhooks in its own transaction (as the CLI's, through article-observers.ts).
  const drawObservers = [webhookDrawObserver(webhookStore(db), { siteUrl: config.SITE_URL, now })];
  const raffleFor = (actor: string) => raffleService({ db, mailer: deps.mailer, siteUrl: config.SITE_URL, drandUrl: config.DRAND_URL, actor, observers: drawObservers });
  const loadCampaign = actions.campaign;

  async function renderDetail(request: FastifyRequest, reply: FastifyReply, stored: StoredCampaign, extra: Partial<CampaignDetailProps> = {}, status = 200) {
    const at = now();
    const [counts, freeze, draw, events] = await Promise.all([entryCounts(db, stored.id), freezeIfDue(db, stored, at), draws.find(stored.id), draws.events(stored.id)]);
    const ctx = pageContext(request, reply, deps.site);
    const view = CampaignDetailView({
      ctx,
      stored,
      status: campaignStatus(stored.definition, at),
      counts: counts.get(stored.id) ?? NO_ENTRIES,
      freeze,
      draw,
      states: draw ? prizeStates(draw.record, events) : [],
      events,
      drandConfigured: Boolean(config.DRAND_URL),
      ...extra,
    });
    return sendHtml(reply.status(status), renderPage(view));
  }

  /** Runs one draw command; a refusal shows the campaign page again with the reason and what was typed. */
  async function drawCommand(request: FastifyRequest, reply: FastifyReply, stored: StoredCampaign, forms: DrawForms, act: () => Promise<Partial<CampaignDetailProps>>) {
    let outcome: Partial<CampaignDetailProps>;
    try {
      outcome = await act();
    } catch (error) {
      if (!(error instanceof Refusal) || statusOf(error.code) >= 500) throw error;
      return renderDetail(request, reply, stored, { error: i18nOf(request).refusal(error), forms }, statusOf(error.code));
    }
    return renderDetail(request, reply, stored, outcome);
  }

  app.get('/admin/campaigns', { ...adminOnly, schema: schemas.list }, async (request, reply) => {
    const at = now();
    const [rows, counts, drawn] = await Promise.all([campaigns.list(), entryCounts(db), db.selectFrom('raffle_draws').select('campaign_id').execute()]);
    const drawnIds = new Set(drawn.map((d) => d.campaign_id));
    const items = rows.map((r) => ({
      slug: r.slug,
      title: r.title,
      opensAt: r.opens_at,
      closesAt: r.closes_at,
      status: campaignStatus({ opensAt: new Date(r.opens_at), closesAt: new Date(r.closes_at) }, at),
      drawn: drawnIds.has(r.id),
      counts: counts.get(r.id) ?? NO_ENTRIES,
    }));
    return sendHtml(reply, renderPage(CampaignListView({ ctx: pageContext(request, reply, deps.site), items })));
  });

  app.get('/admin/campaigns/:slug', { ...adminOnly, schema: schemas.detail }, async (request, reply) => renderDetail(request, reply, await loadCampaign(request.params.slug)));

  app.get('/admin/campaigns/:slug/entries', { ...adminOnly, schema: schemas.entries }, async (request, reply) => {
    const stored = await loadCampaign(request.params.slug);
    const q = (request.query.q ?? '').trim();
    const page = request.query.page ?? 1;
    // An email matches its normalised key too (dots, plus tags), a code however it was typed.
    const search = q ? (parseEntryCode(q) ?? (q.includes('@') ? (normalizeEmail(q) ?? q) : q)) : undefined;
    const { rows, total } = await entries.list(stored.id, { ...(search ? { search } : {}), page, pageSize: PAGE_SIZE });
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const ctx = pageContext(request, reply, deps.site);
    return sendHtml(reply, renderPage(EntriesView({ ctx, stored, rows, total, page, pages, q })));
  });

  app.get('/admin/campaigns/:slug/entries/:code', { ...adminOnly, schema: schemas.entry }, async (request, reply) => {
    const stored = await loadCampaign(request.params.slug);
    const entry = await actions.entry(stored, request.params.code);
    const ctx = pageContext(request, reply, deps.site);
    const notice = request.query.done === 'disqualified' ? ctx.i18n.t('campaigns.notice.disqualified') : null;
    return sendHtml(reply, renderPage(EntryView({ ctx, stored, entry, events: await entries.events(entry.id), frozen: stored.frozen !== null, notice })));
  });

  app.post('/admin/campaigns/:slug/entries/:code/disqualify', { ...adminOnly, schema: schemas.disqualify }, async (request, reply) => {
    const actor = currentUser(request);
    const reason = request.body.reason ?? '';
    const reasonCode = (request.body.reason_code ?? '').trim();
    try {
      // The form's select makes a person choose; a post without one gets "other", as the CLI does.
      const entry = await actions.disqualify({ slug: request.params.slug, code: request.params.code, reason, ...(reasonCode ? { reasonCode } : {}), actor: actor.email, now: now() });
      return reply.redirect(`/admin/campaigns/${encodeURIComponent(request.params.slug)}/entries/${entry.code}?done=disqualified`, 303);
    } catch (error) {
      if (!(error instanceof Refusal) || (error.field !== 'reason' && error.field !== 'reason_code' && error.code !== 'already_disqualified')) throw error;
      // The form again, with the reason as typed and what to change.
      const stored = await loadCampaign(request.params.slug);
      const entry = await actions.entry(stored, request.params.code);
      const ctx = pageContext(request, reply, deps.site);
      const view = EntryView({ ctx, stored, entry, events: await entries.events(entry.id), frozen: stored.frozen !== null, error: ctx.i18n.refusal(error), reason, reasonCode });
      return sendHtml(reply.status(statusOf(error.code)), renderPage(view));
    }
  });

  app.get('/admin/campaigns/:slug/results', { ...adminOnly, schema: schemas.results }, async (request, reply) => {
    const stored = await loadCampaign(request.params.slug);
    const ctx = pageContext(request, reply, deps.site);
    const view = AdminResultsView({ ctx, stored, results: await results.compute(stored), isPublic: results.isPublic(stored, now()) });
    return sendHtml(reply, renderPage(view));
  });

  app.get('/admin/campaigns/:slug/results.csv', { ...adminOnly, schema: schemas.results }, async (request, reply) => {
    const stored = await loadCampaign(request.params.slug);
    return csv(reply, `${stored.slug}-results.csv`, await actions.resultsCsv(stored));
  });

  app.get('/admin/campaigns/:slug/entries.csv', { ...adminOnly, schema: schemas.results }, async (request, reply) => {
    const stored = await loadCampaign(request.params.slug);
    return csv(reply, `${stored.slug}-entries.csv`, await actions.entriesCsv(stored, currentUser(request).email, now()));
  });

  app.post('/admin/campaigns/:slug/draw', { ...adminOnly, schema: schemas.draw }, async (request, reply) => {
    const actor = currentUser(request);
    const stored = await loadCampaign(request.params.slug);
    const beaconSignature = (request.body.beacon_signature ?? '').trim();
    const beaconPreviousSignature = (request.body.beacon_previous_signature ?? '').trim();
    const allowFewer = request.body.allow_fewer !== undefined && request.body.allow_fewer !== '' && request.body.allow_fewer !== false;
    const forms: DrawForms = { beaconSignature, beaconPreviousSignature, allowFewer };
    return drawCommand(request, reply, stored, forms, async () => {
      // As `raffle draw --beacon-signature`: the signature is checked against the chain's key; a bare randomness is not taken.
      const { record, notifications } = await raffleFor(actor.email).draw(stored.slug, {
        now: now(),
        beaconSignature: beaconSignature || undefined,
        beaconPreviousSignature: beaconPreviousSignature || undefined,
        allowFewer,
      });
      const failed = notifications.filter((n) => n.problem).length;
      const { t, tn } = i18nOf(request);
      const notice = t('campaigns.notice.drawn', { prizes: tn('campaigns.notice.prizes', record.winners.length), entries: tn('campaigns.notice.entries', record.entries.length) });
      return { notice, notifications, ...(failed ? { error: tn('campaigns.notice.notNotified', failed, { command: `paddock raffle notify ${stored.slug}` }) } : {}) };
    });
  });

  app.post('/admin/campaigns/:slug/forfeit', { ...adminOnly, schema: schemas.forfeit }, async (request, reply) => {
    const actor = currentUser(request);
    const stored = await loadCampaign(request.params.slug);
    const code = (request.body.code ?? '').trim();
    const reason = (request.body.reason ?? '').trim();
    const forms: DrawForms = { forfeitCode: code, forfeitReason: reason };
    return drawCommand(request, reply, stored, forms, async () => {
      const { t } = i18nOf(request);
      if (!code) throw new Refusal('field_required', { field: t('campaigns.field.code') }, 'code');
      const outcome = await raffleFor(actor.email).forfeit(stored.slug, code, reason, now());
      const notice =
        outcome.prize === null
          ? t('campaigns.notice.alternateWithdrawn', { code: outcome.code })
          : outcome.passedTo
            ? t('campaigns.notice.forfeitPassed', { code: outcome.code, prize: outcome.prize, to: outcome.passedTo })
            : t('campaigns.notice.forfeitLost', { code: outcome.code, prize: outcome.prize });
      return { notice, notifications: outcome.notifications };
    });
  });

  app.post('/admin/campaigns/:slug/claim', { ...adminOnly, schema: schemas.claim }, async (request, reply) => {
    const actor = currentUser(request);
    const stored = await loadCampaign(request.params.slug);
    const code = (request.body.code ?? '').trim();
    const forms: DrawForms = { claimCode: code };
    return drawCommand(request, reply, stored, forms, async () => {
      const { t } = i18nOf(request);
      if (!code) throw new Refusal('field_required', { field: t('campaigns.field.code') }, 'code');
      const at = now();
      const outcome = await raffleFor(actor.email).claim(stored.slug, code, at);
      const late = outcome.claimBy !== null && Date.parse(outcome.claimBy) < at.getTime();
      return { notice: t(late ? 'campaigns.notice.claimedLate' : 'campaigns.notice.claimed', { code: outcome.code, prize: outcome.prize }) };
    });
  });
};

function csv(reply: FastifyReply, filename: string, body: string) {
  if (!/^[a-z0-9-]+\.csv$/.test(filename)) throw new Refusal('not_a_file_name');
  return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`).send(body);
}
