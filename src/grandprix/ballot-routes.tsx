import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { Refusal } from '../errors';
import type { SiteContext } from '../web/context';
import { renderPage } from '../web/render';
import { Form, Query, SlugParams, Text } from '../web/schemas';
import type { SiteState } from '../web/site-state';
import { entryRateLimit } from './api-routes';
import { ballotListCsv, ballotListPath, DISQUALIFY_REASONS, type Ballot, type DisqualifyReason } from './ballot-list';
import type { BallotLookup } from './ballots';
import type { Campaign } from './campaign-schema';
import type { StoredCampaign } from './campaigns-repository';
import { deadlineLocale, formatDeadline } from './deadline';
import { freezeIfDue } from './freeze';
import type { GrandPrix } from './grand-prix';
import { MessageCard } from './views/campaign-pages';

const schemas = {
  list: { params: SlugParams, querystring: Query({ format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])) }) },
  page: { params: SlugParams },
  // The secret travels only in a POST body: never in a URL, so never in a log, a proxy's or a browser's history.
  check: { params: SlugParams, body: Form({ secret: Type.Optional(Text(200)) }) },
};

const reasonKey = (reason: string) => `gp.reason-${(DISQUALIFY_REASONS as readonly string[]).includes(reason) ? (reason as DisqualifyReason) : 'other'}` as const;

function BallotRows({ site, campaign, ballot }: { site: SiteContext; campaign: Campaign; ballot: Ballot }) {
  const { t } = site.i18n;
  return (
    <dl class="ballot-as-recorded">
      {campaign.categories.map((c) => {
        const vote = ballot.votes[c.id];
        return (
          <>
            <dt>{c.title}</dt>
            <dd>{vote ? (c.nominees.find((n) => n.id === vote)?.title ?? vote) : t('gp.ballot-check-no-vote')}</dd>
          </>
        );
      })}
      {campaign.questions.map((q) => {
        const a = ballot.answers[q.id];
        let shown: string;
        if (a === undefined) shown = '—';
        else if (q.type === 'text') shown = t('gp.ballot-check-answered');
        else if (q.type === 'single' || q.type === 'multi') shown = (Array.isArray(a) ? a : [a]).map((id) => q.options.find((o) => o.id === id)?.text ?? id).join(', ');
        else shown = q.type === 'number' && q.unit ? `${String(a)} ${q.unit}` : String(a);
        return (
          <>
            <dt>{q.text}</dt>
            <dd>{shown}</dd>
          </>
        );
      })}
    </dl>
  );
}

function BallotCheckPage({ site, campaign, csrf, secret, outcome }: { site: SiteContext; campaign: Campaign; csrf: string; secret: string; outcome: BallotLookup | null | 'none' }) {
  const { t } = site.i18n;
  const base = `/grand-prix/${campaign.slug}/ballot`;
  return (
    <MessageCard site={site} campaign={campaign} title={t('gp.ballot-check-title')}>
      {outcome === null && (
        <p class="form-error" role="alert">
          {t('gp.ballot-check-invalid')}
        </p>
      )}
      {outcome !== null && outcome !== 'none' && !outcome.found && (
        <p class="form-error" role="alert">
          {t('gp.ballot-check-none')}
        </p>
      )}
      {outcome !== null && outcome !== 'none' && outcome.found && (
        <section class="ballot-check-result">
          <p>{t(outcome.frozen ? 'gp.ballot-check-frozen' : 'gp.ballot-check-not-frozen')}</p>
          <p>
            {t('gp.ballot-check-id')}: <code class="ballot-check-id">{outcome.id}</code>
          </p>
          {outcome.disqualified !== null ? (
            <p class="ballot-disqualified">{t('gp.ballot-check-disqualified', { reason: t(reasonKey(outcome.disqualified)) })}</p>
          ) : (
            outcome.ballot && <BallotRows site={site} campaign={campaign} ballot={outcome.ballot} />
          )}
        </section>
      )}
      <p>{t('gp.ballot-check-intro')}</p>
      <form method="post" action={base} autocomplete="off">
        <input type="hidden" name="_csrf" value={csrf} />
        <label for="ballot-secret">{t('gp.ballot-check-label')}</label>
        <input id="ballot-secret" name="secret" type="text" value={outcome === null || (outcome !== 'none' && !outcome.found) ? secret : ''} spellcheck={false} autocapitalize="characters" maxLength={200} required />
        <button type="submit" class="button">
          {t('gp.ballot-check-button')}
        </button>
      </form>
      <p>
        <a href={ballotListPath(campaign.slug)}>{t('gp.ballot-check-list-link')}</a>
      </p>
    </MessageCard>
  );
}

/** The published ballot list and the entrant's ballot check (docs/recount.md). */
export const ballotRoutes: FastifyPluginAsyncTypebox<{ gp: GrandPrix; siteState: SiteState; now: () => Date }> = async (app, { gp, siteState, now }) => {
  const { ballots } = gp;

  /** The campaign after the lazy freeze has had its chance, read again if this request froze it. */
  const load = async (slug: string): Promise<{ stored: StoredCampaign; freeze: Awaited<ReturnType<typeof freezeIfDue>> }> => {
    let stored = await gp.campaigns.findBySlug(slug);
    if (!stored) throw new Refusal('no_campaign', { slug });
    const freeze = await freezeIfDue(gp.db, stored, now());
    if (freeze.state === 'frozen' && !stored.frozen) stored = (await gp.campaigns.findById(stored.id)) ?? stored;
    return { stored, freeze };
  };

  app.get('/api/v1/campaigns/:slug/ballots', { schema: schemas.list }, async (request, reply) => {
    const { stored, freeze } = await load(request.params.slug);
    const c = stored.definition;
    if (freeze.state !== 'frozen') {
      const when = freeze.state === 'waiting' ? new Date(freeze.until) : c.closesAt;
      throw new Refusal('ballots_not_frozen', { when: formatDeadline(when, c.timezone, deadlineLocale(gp.config.SITE_LANG)) });
    }
    const frozen = await ballots.frozenList(stored);
    if (!frozen) throw new Refusal('no_ballot_list', { slug: stored.slug });
    const csv = request.query.format === 'csv' || (request.query.format !== 'json' && /\btext\/csv\b/.test(request.headers.accept ?? ''));
    // Frozen once and never rewritten: the digest names the content for good.
    const etag = `"${frozen.list.ballots_digest}${csv ? '-csv' : ''}"`;
    reply.header('cache-control', 'public, max-age=31536000, immutable').header('etag', etag).header('vary', 'accept');
    if (request.headers['if-none-match'] === etag) return reply.status(304).send();
    if (csv) return reply.type('text/csv; charset=utf-8').header('content-disposition', `inline; filename="${stored.slug}-ballots.csv"`).send(ballotListCsv(frozen.list));
    return reply.type('application/json; charset=utf-8').send(frozen.text);
  });

  const page = async (reply: FastifyReply, stored: StoredCampaign, secret: string, outcome: BallotLookup | null | 'none', status: number) => {
    const { site } = await siteState.current();
    return reply
      .status(status)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(renderPage(<BallotCheckPage site={site} campaign={stored.definition} csrf={reply.generateCsrf()} secret={secret} outcome={outcome} />));
  };

  app.get('/grand-prix/:slug/ballot', { schema: schemas.page }, async (request, reply) => {
    const { stored } = await load(request.params.slug);
    return page(reply, stored, '', 'none', 200);
  });

  app.post(
    '/grand-prix/:slug/ballot',
    { schema: schemas.check, preValidation: app.csrfProtection, bodyLimit: 4096, config: entryRateLimit(gp.config.ENTRY_RATE_LIMIT) },
    async (request, reply) => {
      const { stored } = await load(request.params.slug);
      const secret = request.body.secret ?? '';
      const outcome = await ballots.lookup(stored, secret);
      return page(reply, stored, secret, outcome, outcome === null ? 400 : outcome.found ? 200 : 404);
    },
  );
};
