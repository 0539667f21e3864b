import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import { Refusal } from '../errors';
import { renderPage } from '../web/render';
import { Form, Query, SlugParams, Text } from '../web/schemas';
import type { SiteState } from '../web/site-state';
import { entryRateLimit } from './api-routes';
import type { StoredCampaign } from './campaigns-repository';
import { campaignStatus, deadlineLocale, formatDeadline } from './deadline';
import { EntryValidationError } from './entry-service';
import type { EntryError, EntryInput } from './entry-validate';
import { freezeIfDue } from './freeze';
import type { GrandPrix } from './grand-prix';
import { BallotForm, type FormValues } from './views/ballot-form';
import { CampaignIntro, CampaignShell, MessageCard, RulesPage } from './views/campaign-pages';
import { ResultsPage } from './views/results-page';
import { nomineeImageKeys } from './views/nominee-photo';
import { picturesByKey } from '../media/references';
import { hoursText } from './page-messages';

/** A person needs more than this to read a ballot; a script posting at once is refused. */
export const MIN_FILL_MS = 3000;

/** Form fields `ballot.<category>` and `answers.<question>` → the entry shape the API takes. */
export function formToEntry(form: FormValues): EntryInput {
  const ballot: Record<string, unknown> = {};
  const answers: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(form)) {
    const empty = value === undefined || value === '' || (Array.isArray(value) && value.every((x) => x === ''));
    if (name.startsWith('ballot.') && !empty) ballot[name.slice(7)] = value;
    else if (name.startsWith('answers.') && !empty) answers[name.slice(8)] = value;
  }
  return { name: form.name, email: form.email, adult: form.adult, consent: form.consent, ballot, answers };
}

const html = (reply: FastifyReply, node: VNode, status = 200) =>
  reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(renderPage(node));

// Ballot fields are `ballot.<category>` and `answers.<question>`; the rules check their values.
const BallotValue = Type.Union([Text(5000), Type.Array(Text(5000), { maxItems: 100 })]);
const schemas = {
  page: { params: SlugParams },
  submit: {
    params: SlugParams,
    body: Type.Object(
      {
        _csrf: Type.Optional(Text(200)),
        name: Type.Optional(Text(1000)),
        email: Type.Optional(Text(1000)),
        adult: Type.Optional(Text(10)),
        consent: Type.Optional(Text(10)),
        website: Type.Optional(Text(1000)),
        started: Type.Optional(Text(200)),
        altcha: Type.Optional(Text(10_000)),
      },
      { additionalProperties: false, patternProperties: { '^(ballot|answers)\\.[A-Za-z0-9_-]{1,100}$': BallotValue } },
    ),
  },
  confirmPage: { querystring: Query({ token: Type.Optional(Text(200)) }) },
  confirm: { body: Form({ token: Type.Optional(Text(200)) }) },
};

export const grandPrixPageRoutes: FastifyPluginAsyncTypebox<{ gp: GrandPrix; siteState: SiteState; now: () => Date }> = async (app, { gp, siteState, now }) => {
  const load = async (slug: string): Promise<StoredCampaign> => {
    const stored = await gp.campaigns.findBySlug(slug);
    if (!stored) throw new Refusal('no_campaign', { slug });
    return stored;
  };

  async function campaignPage(reply: FastifyReply, stored: StoredCampaign, form: { values: FormValues; errors: EntryError[] } | null, status = 200) {
    const { site } = await siteState.current();
    const at = now();
    const campaign = stored.definition;
    const freeze = await freezeIfDue(gp.db, stored, at);
    const open = campaignStatus(campaign, at) === 'open';
    return html(
      reply,
      <CampaignShell site={site} campaign={campaign} path={`/grand-prix/${campaign.slug}`}>
        <CampaignIntro site={site} campaign={campaign} now={at} commitment={stored.drawCommitment} freeze={freeze} />
        {open && (
          <BallotForm
            site={site}
            campaign={campaign}
            values={form?.values ?? {}}
            errors={form?.errors ?? []}
            csrfToken={reply.generateCsrf()}
            startedStamp={gp.formClock.stamp(at)}
            powRequired={gp.pow !== null}
            images={await picturesByKey(gp.db, nomineeImageKeys(campaign))}
          />
        )}
      </CampaignShell>,
      status,
    );
  }

  app.get('/grand-prix/:slug', { schema: schemas.page }, async (request, reply) => campaignPage(reply, await load(request.params.slug), null));

  app.post(
    '/grand-prix/:slug',
    { schema: schemas.submit, preValidation: app.csrfProtection, bodyLimit: 64 * 1024, config: entryRateLimit(gp.config.ENTRY_RATE_LIMIT) },
    async (request, reply) => {
      const stored = await load(request.params.slug);
      const values = (request.body ?? {}) as FormValues;
      const at = now();
      const { site } = await siteState.current();
      const campaign = stored.definition;
      const checkEmail = (email: string) =>
        html(
          reply,
          <MessageCard site={site} campaign={campaign} title={site.i18n.t('gp.check-email-title')}>
            <p>{site.i18n.t('gp.check-email-text', { email, window: hoursText(campaign.confirm_hours, site.i18n.lang) })}</p>
          </MessageCard>,
        );
      // A filled honeypot is a robot: it gets the usual answer and nothing is stored.
      const honeypot = values.website;
      if (honeypot !== undefined && (Array.isArray(honeypot) ? honeypot.some((v) => v !== '') : honeypot !== '')) return checkEmail(String(values.email ?? ''));

      const input = formToEntry(values);
      try {
        const started = gp.formClock.read(values.started, at);
        if (started === null) {
          throw new EntryValidationError([{ field: 'form', code: 'form_expired', key: 'entry.form-expired' }]);
        }
        if (at.getTime() - started < MIN_FILL_MS) {
          throw new EntryValidationError([{ field: 'form', code: 'too_fast', key: 'entry.too-fast' }]);
        }
        const entry = gp.service.check(stored, input, at);
        const altcha = values.altcha;
        // Without JavaScript there is no proof-of-work to send; the honeypot, the fill time, the rate
        // limit and the email confirmation still apply. A solution that is sent must be valid.
        if (gp.pow && typeof altcha === 'string' && altcha !== '' && !(await gp.pow.verifyAndSpend(altcha, at))) {
          throw new EntryValidationError([{ field: 'form', code: 'pow_invalid', key: 'entry.pow-invalid' }]);
        }
        await gp.service.submit(stored, input, entry, { now: at });
        return checkEmail(entry.emailShown);
      } catch (error) {
        if (error instanceof EntryValidationError) return campaignPage(reply, stored, { values, errors: error.errors }, 400);
        if (error instanceof Refusal && error.code === 'already_confirmed') {
          return campaignPage(reply, stored, { values, errors: [{ field: 'email', code: error.code, key: 'entry.already-confirmed' }] }, 409);
        }
        if (error instanceof Refusal && (error.code === 'campaign_closed' || error.code === 'campaign_not_open')) {
          // The deadline in the words and the date format of the page's language.
          throw new Refusal(error.code, { deadline: formatDeadline(error.code === 'campaign_closed' ? campaign.closesAt : campaign.opensAt, campaign.timezone, deadlineLocale(site.i18n.lang)) });
        }
        throw error;
      }
    },
  );

  // Opening the mailed link only shows a button: mail scanners and link previews fetch links
  // (GET and HEAD), and must not use up the one-time confirmation before the reader does.
  app.get('/grand-prix/confirm', { schema: schemas.confirmPage, config: entryRateLimit(gp.config.ENTRY_RATE_LIMIT) }, async (request, reply) => {
    const { site } = await siteState.current();
    const { t } = site.i18n;
    const { campaign } = await gp.service.pendingEntry(request.query.token, now(), (id) => gp.campaigns.findById(id));
    return html(
      reply,
      <MessageCard site={site} campaign={campaign.definition} title={t('gp.confirm-title')}>
        <p>{t('gp.confirm-text', { title: campaign.definition.title })}</p>
        <form method="post" action="/grand-prix/confirm">
          <input type="hidden" name="_csrf" value={reply.generateCsrf()} />
          <input type="hidden" name="token" value={request.query.token} />
          <button type="submit" class="button">
            {t('gp.confirm-button')}
          </button>
        </form>
      </MessageCard>,
    );
  });

  app.post(
    '/grand-prix/confirm',
    { schema: schemas.confirm, preValidation: app.csrfProtection, bodyLimit: 4096, config: entryRateLimit(gp.config.ENTRY_RATE_LIMIT) },
    async (request, reply) => {
      const { site } = await siteState.current();
      const { t } = site.i18n;
      const { code, ballotSecret, campaign } = await gp.service.confirm(request.body.token, now(), gp.entryCampaigns.byId);
      return html(
        reply,
        <MessageCard site={site} campaign={campaign.definition} title={t('gp.receipt-title')}>
          <p>{t('gp.receipt-text')}</p>
          <p class="receipt">
            {t('gp.receipt-code')}: <strong class="entry-code">{code}</strong>
          </p>
          <p class="receipt">
            {t('gp.receipt-secret')}: <strong class="ballot-secret">{ballotSecret}</strong>
          </p>
          <p>{t('gp.receipt-secret-text')}</p>
          <p>
            <a href={`/grand-prix/${campaign.slug}/ballot`}>{t('gp.receipt-ballot-link')}</a>
          </p>
          <p>
            <a href={`/grand-prix/${campaign.slug}/draw`}>{t('gp.draw-link')}</a>
          </p>
        </MessageCard>,
      );
    },
  );

  app.get('/grand-prix/:slug/rules', { schema: schemas.page, config: { pageCache: true } }, async (request, reply) => {
    const stored = await load(request.params.slug);
    const { site } = await siteState.current();
    return reply.type('text/html; charset=utf-8').header('cache-control', 'public, max-age=60').send(renderPage(<RulesPage site={site} campaign={stored.definition} />));
  });

  app.get('/grand-prix/:slug/results', { schema: schemas.page }, async (request, reply) => {
    const stored = await load(request.params.slug);
    if (!gp.results.isPublic(stored, now())) throw new Refusal('results_not_public');
    const { site } = await siteState.current();
    // Frozen first (the first reader after the moment writes it), then counted from what was frozen.
    const freeze = await freezeIfDue(gp.db, stored, now());
    const counted = freeze.state === 'frozen' && !stored.frozen ? ((await gp.campaigns.findById(stored.id)) ?? stored) : stored;
    const [results, images] = await Promise.all([gp.results.compute(counted), picturesByKey(gp.db, nomineeImageKeys(stored.definition))]);
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'public, max-age=30')
      .send(renderPage(<ResultsPage site={site} campaign={stored.definition} results={results} images={images} freeze={freeze} />));
  });
};
