// The back office of the Grand Prix: campaigns, entrants, results and the prize draw. Every
// route needs an admin (entrants' names and emails are personal data); every action that
// changes something or takes personal data away (the entries CSV) is in the audit log.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { audit } from '../../audit/audit';
import { campaignsRepository, type StoredCampaign } from '../../grandprix/campaigns-repository';
import { toCsv } from '../../grandprix/cli';
import { campaignStatus } from '../../grandprix/deadline';
import { normalizeEmail } from '../../grandprix/email-normalize';
import { entriesRepository } from '../../grandprix/entries-repository';
import { parseEntryCode } from '../../grandprix/entry-code';
import { freezeIfDue } from '../../grandprix/freeze';
import { resultsService } from '../../grandprix/results-service';
import type { Mailer } from '../../mail/mailer';
import { prizeStates, raffleService, RaffleRefusal } from '../../raffle/draw-service';
import { drawsRepository } from '../../raffle/draws-repository';
import { HttpError, notFound } from '../../web/errors';
import { renderPage } from '../../web/render';
import { currentUser, pageContext, sendHtml } from '../context';
import type { AdminDeps } from '../deps';
import { field, formBody, pageParam } from '../forms';
import { CampaignDetailView, CampaignListView, type CampaignDetailProps, type DrawForms } from './campaigns-view';
import { entryCounts, NO_ENTRIES } from './entry-counts';
import { EntriesView, EntryView, REASON_MAX } from './entries-view';
import { AdminResultsView } from './results-view';

const PAGE_SIZE = 50;
const adminOnly = { config: { admin: 'admin' as const } };

type SlugParams = { Params: { slug: string } };
type CodeParams = { Params: { slug: string; code: string } };

/** How a refused draw command reads on the page; never a 5xx, since the operator can act on each. */
const REFUSAL_STATUS: Record<string, number> = {
  no_campaign: 404,
  not_in_draw: 400,
  holds_no_prize: 409,
  not_closed: 409,
  freeze_waiting: 409,
  already_drawn: 409,
  not_drawn: 409,
  no_entries: 409,
  not_enough_entries: 409,
  already_forfeited: 409,
  already_claimed: 409,
  beacon: 400,
  beacon_missing: 400,
  beacon_not_announced: 400,
};

/** The service speaks to the command line; on the page its options are form fields. */
export function refusalForForm(message: string): string {
  const text = message
    .replace(/pass its randomness with --beacon-randomness HEX/g, 'paste its randomness into the “Beacon randomness” field')
    .replace(/--beacon-randomness/g, 'the “Beacon randomness” field')
    .replace(/pass --allow-fewer to award/g, 'tick “Award fewer prizes” to award')
    .replace(/; run: paddock raffle draw \S+/g, '; run the draw first');
  const sentence = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

export interface CampaignAdminOptions {
  /** The app's mailer: a draw or forfeit notifies the prize holders. */
  mailer: Mailer;
}

export function campaignAdminRoutes(options: CampaignAdminOptions) {
  return async function register(app: FastifyInstance, deps: AdminDeps): Promise<void> {
    const { db, now, config } = deps;
    const campaigns = campaignsRepository(db);
    const entries = entriesRepository(db);
    const results = resultsService(db);
    const draws = drawsRepository(db);
    const raffleFor = (actor: string) => raffleService({ db, mailer: options.mailer, siteUrl: config.SITE_URL, drandUrl: config.DRAND_URL, actor });

    async function loadCampaign(slug: string): Promise<StoredCampaign> {
      const stored = await campaigns.findBySlug(slug);
      if (!stored) throw notFound(`There is no campaign “${slug}”. The list of campaigns is at /admin/campaigns.`);
      return stored;
    }

    async function loadEntry(stored: StoredCampaign, raw: string) {
      const code = parseEntryCode(raw) ?? raw.trim();
      const entry = code ? await entries.findByCode(code) : null;
      if (!entry || entry.campaign_id !== stored.id) {
        throw notFound(`There is no entry “${code.slice(0, 40)}” in ${stored.definition.title}. Codes look like GP-7KQM-3XWD; search for one on the entries page.`);
      }
      return entry;
    }

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
        if (!(error instanceof RaffleRefusal)) throw error;
        return renderDetail(request, reply, stored, { error: refusalForForm(error.message), forms }, REFUSAL_STATUS[error.code] ?? 400);
      }
      return renderDetail(request, reply, stored, outcome);
    }

    app.get('/admin/campaigns', adminOnly, async (request, reply) => {
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

    app.get<SlugParams>('/admin/campaigns/:slug', adminOnly, async (request, reply) => renderDetail(request, reply, await loadCampaign(request.params.slug)));

    app.get<SlugParams & { Querystring: { q?: string; page?: string } }>('/admin/campaigns/:slug/entries', adminOnly, async (request, reply) => {
      const stored = await loadCampaign(request.params.slug);
      const q = (typeof request.query.q === 'string' ? request.query.q : '').trim().slice(0, 254);
      const page = pageParam(request.query.page);
      // An email matches its normalised key too (dots, plus tags), a code however it was typed.
      const search = q ? (parseEntryCode(q) ?? (q.includes('@') ? (normalizeEmail(q) ?? q) : q)) : undefined;
      const { rows, total } = await entries.list(stored.id, { ...(search ? { search } : {}), page, pageSize: PAGE_SIZE });
      const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
      const ctx = pageContext(request, reply, deps.site);
      return sendHtml(reply, renderPage(EntriesView({ ctx, stored, rows, total, page, pages, q })));
    });

    app.get<CodeParams & { Querystring: { done?: string } }>('/admin/campaigns/:slug/entries/:code', adminOnly, async (request, reply) => {
      const stored = await loadCampaign(request.params.slug);
      const entry = await loadEntry(stored, request.params.code);
      const ctx = pageContext(request, reply, deps.site);
      const notice = request.query.done === 'disqualified' ? 'The entry is disqualified; its vote no longer counts in the results.' : null;
      return sendHtml(reply, renderPage(EntryView({ ctx, stored, entry, events: await entries.events(entry.id), frozen: stored.frozen !== null, notice })));
    });

    app.post<CodeParams>('/admin/campaigns/:slug/entries/:code/disqualify', adminOnly, async (request, reply) => {
      const actor = currentUser(request);
      const stored = await loadCampaign(request.params.slug);
      const entry = await loadEntry(stored, request.params.code);
      const reason = field(formBody(request.body), 'reason').trim();
      const refuse = async (status: number, error: string) => {
        const ctx = pageContext(request, reply, deps.site);
        const view = EntryView({ ctx, stored, entry, events: await entries.events(entry.id), frozen: stored.frozen !== null, error, reason });
        return sendHtml(reply.status(status), renderPage(view));
      };
      if (entry.disqualified_at) return refuse(409, `${entry.code} is already disqualified (${entry.disqualified_reason ?? 'no reason given'}).`);
      if (!reason) return refuse(400, 'Give the reason for the disqualification: it is kept with the entry and in the audit log.');
      if (reason.length > REASON_MAX) return refuse(400, `Shorten the reason to ${REASON_MAX} characters or fewer (it has ${reason.length}).`);
      const at = now();
      await db.transaction().execute(async (trx) => {
        await entries.disqualify(entry.id, reason, actor.email, at, trx);
        await campaigns.bumpResults(stored.id, trx);
        // The code identifies the entry; its name and email stay out of the log.
        await audit(trx, { actor: actor.email, action: 'campaign.disqualify', target: `campaign:${stored.slug}`, details: { code: entry.code, reason } }, at);
      });
      return reply.redirect(`/admin/campaigns/${stored.slug}/entries/${entry.code}?done=disqualified`, 303);
    });

    app.get<SlugParams>('/admin/campaigns/:slug/results', adminOnly, async (request, reply) => {
      const stored = await loadCampaign(request.params.slug);
      const ctx = pageContext(request, reply, deps.site);
      const view = AdminResultsView({ ctx, stored, results: await results.compute(stored), isPublic: results.isPublic(stored, now()) });
      return sendHtml(reply, renderPage(view));
    });

    app.get<SlugParams>('/admin/campaigns/:slug/results.csv', adminOnly, async (request, reply) => {
      const stored = await loadCampaign(request.params.slug);
      const computed = await results.compute(stored);
      const table: unknown[][] = [['category', 'nominee', 'votes', 'share', 'ci95_low', 'ci95_high']];
      for (const c of computed.categories) for (const n of c.nominees) table.push([c.id, n.id, n.votes, n.share, n.ci95[0], n.ci95[1]]);
      return csv(reply, `${stored.slug}-results.csv`, toCsv(table));
    });

    app.get<SlugParams>('/admin/campaigns/:slug/entries.csv', adminOnly, async (request, reply) => {
      const actor = currentUser(request);
      const stored = await loadCampaign(request.params.slug);
      const { rows } = await entries.list(stored.id, { page: 1, pageSize: 1_000_000 });
      const header = ['code', 'status', 'name', 'email', 'submitted_at', 'confirmed_at', 'disqualified_reason', 'erased_at', 'ballot', 'answers'];
      const table = rows.reverse().map((r) => [r.code, r.status, r.name, r.email, r.submitted_at, r.confirmed_at, r.disqualified_reason, r.erased_at, r.ballot_json, r.answers_json]);
      // Personal data leaves the system here: who took it and how much is recorded, not the data.
      await audit(db, { actor: actor.email, action: 'campaign.entries_export', target: `campaign:${stored.slug}`, details: { rows: rows.length } }, now());
      return csv(reply, `${stored.slug}-entries.csv`, toCsv([header, ...table]));
    });

    app.post<SlugParams>('/admin/campaigns/:slug/draw', adminOnly, async (request, reply) => {
      const actor = currentUser(request);
      const stored = await loadCampaign(request.params.slug);
      const body = formBody(request.body);
      const beaconRandomness = field(body, 'beacon_randomness').trim();
      const allowFewer = field(body, 'allow_fewer') !== '';
      const forms: DrawForms = { beaconRandomness, allowFewer };
      return drawCommand(request, reply, stored, forms, async () => {
        const at = now();
        const { record, notifications } = await raffleFor(actor.email).draw(stored.slug, { now: at, beaconRandomness: beaconRandomness || undefined, allowFewer });
        await audit(
          db,
          {
            actor: actor.email,
            action: 'raffle.draw',
            target: `campaign:${stored.slug}`,
            details: {
              entries: record.entries.length,
              winners: record.winners.map((w) => ({ prize: w.prize, code: w.code })),
              alternates: record.alternates,
              beacon_round: record.beacon?.round ?? null,
              ...(allowFewer ? { allow_fewer: true } : {}),
            },
          },
          at,
        );
        const failed = notifications.filter((n) => n.problem).length;
        const notice = `The draw is done: ${record.winners.length} ${record.winners.length === 1 ? 'prize' : 'prizes'} awarded among ${record.entries.length} entries; the record is published on the draw page.`;
        return { notice, notifications, ...(failed ? { error: `${failed} ${failed === 1 ? 'holder was' : 'holders were'} not notified; see below. Retry with: paddock raffle notify ${stored.slug}` } : {}) };
      });
    });

    app.post<SlugParams>('/admin/campaigns/:slug/forfeit', adminOnly, async (request, reply) => {
      const actor = currentUser(request);
      const stored = await loadCampaign(request.params.slug);
      const body = formBody(request.body);
      const code = field(body, 'code').trim();
      const reason = field(body, 'reason').trim();
      const forms: DrawForms = { forfeitCode: code, forfeitReason: reason };
      const invalid = !code ? 'Enter the entry code of the prize holder or alternate who forfeits.' : !reason ? 'Give the reason for the forfeit.' : reason.length > REASON_MAX ? `Shorten the reason to ${REASON_MAX} characters or fewer.` : null;
      if (invalid) return renderDetail(request, reply, stored, { error: invalid, forms }, 400);
      return drawCommand(request, reply, stored, forms, async () => {
        const at = now();
        const outcome = await raffleFor(actor.email).forfeit(stored.slug, code, reason, at);
        await audit(
          db,
          { actor: actor.email, action: 'raffle.forfeit', target: `campaign:${stored.slug}`, details: { code: outcome.code, prize: outcome.prize, new_holder: outcome.passedTo, reason } },
          at,
        );
        const notice =
          outcome.prize === null
            ? `Alternate ${outcome.code} is withdrawn; no prize changes hands.`
            : outcome.passedTo
              ? `${outcome.code} forfeited prize ${outcome.prize}; it passes to ${outcome.passedTo}.`
              : `${outcome.code} forfeited prize ${outcome.prize}; no alternate is left, so it is not awarded.`;
        return { notice, notifications: outcome.notifications };
      });
    });

    app.post<SlugParams>('/admin/campaigns/:slug/claim', adminOnly, async (request, reply) => {
      const actor = currentUser(request);
      const stored = await loadCampaign(request.params.slug);
      const code = field(formBody(request.body), 'code').trim();
      const forms: DrawForms = { claimCode: code };
      if (!code) return renderDetail(request, reply, stored, { error: 'Enter the entry code of the prize holder who claimed.', forms }, 400);
      return drawCommand(request, reply, stored, forms, async () => {
        const at = now();
        const outcome = await raffleFor(actor.email).claim(stored.slug, code, at);
        await audit(db, { actor: actor.email, action: 'raffle.claim', target: `campaign:${stored.slug}`, details: { code: outcome.code, prize: outcome.prize } }, at);
        const late = outcome.claimBy && Date.parse(outcome.claimBy) < at.getTime() ? ' (after the claim deadline)' : '';
        return { notice: `${outcome.code} claimed prize ${outcome.prize}${late}.` };
      });
    });
  };
}

function csv(reply: FastifyReply, filename: string, body: string) {
  if (!/^[a-z0-9-]+\.csv$/.test(filename)) throw new HttpError(400, 'bad_slug', 'This campaign slug cannot name a file.');
  return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`).send(body);
}
