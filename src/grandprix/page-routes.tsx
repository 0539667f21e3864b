import type { FastifyInstance, FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import type { I18n } from '../i18n/messages';
import { HttpError, notFound } from '../web/errors';
import { renderPage } from '../web/render';
import type { SiteState } from '../web/site-state';
import { entryRateLimit } from './api-routes';
import type { StoredCampaign } from './campaigns-repository';
import { campaignStatus } from './deadline';
import { EntryValidationError } from './entry-service';
import type { EntryError, EntryInput } from './entry-validate';
import { freezeIfDue } from './freeze';
import type { GrandPrix } from './grand-prix';
import { confirmationErrorText, submissionRefusalText } from './page-messages';
import { BallotForm, type FormValues } from './views/ballot-form';
import { CampaignIntro, CampaignShell, MessageCard, RulesPage } from './views/campaign-pages';
import { ResultsPage } from './views/results-page';

/** Client errors of the confirmation flow, prefixed so the page says what failed, in the site's language. */
async function explained<T>(i18n: I18n, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (!(error instanceof HttpError) || error.status >= 500) throw error;
    const failed = i18n.t('gp.confirm-failed');
    const explainedError = new HttpError(error.status, error.code, `${failed}: ${error.message}`);
    const reason = confirmationErrorText(error.code, i18n);
    throw reason === null ? explainedError : explainedError.withLocalized('confirm.error', { failed, reason });
  }
}

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

export async function grandPrixPageRoutes(app: FastifyInstance, gp: GrandPrix, siteState: SiteState, now: () => Date) {
  const load = async (slug: string): Promise<StoredCampaign> => {
    const stored = await gp.campaigns.findBySlug(slug);
    if (!stored) throw notFound('There is no such vote.').withLocalized('gp.no-such-vote');
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
          />
        )}
      </CampaignShell>,
      status,
    );
  }

  app.get<{ Params: { slug: string } }>('/grand-prix/:slug', async (request, reply) => campaignPage(reply, await load(request.params.slug), null));

  app.post<{ Params: { slug: string }; Body: FormValues }>(
    '/grand-prix/:slug',
    { preValidation: app.csrfProtection, bodyLimit: 64 * 1024, config: entryRateLimit(gp.config.ENTRY_RATE_LIMIT) },
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
            <p>{site.i18n.t('gp.check-email-text', { email })}</p>
          </MessageCard>,
        );
      // A filled honeypot is a robot: it gets the usual answer and nothing is stored.
      const honeypot = values.website;
      if (honeypot !== undefined && (Array.isArray(honeypot) ? honeypot.some((v) => v !== '') : honeypot !== '')) return checkEmail(String(values.email ?? ''));

      const input = formToEntry(values);
      try {
        const started = gp.formClock.read(values.started, at);
        if (started === null) {
          throw new EntryValidationError([{ field: 'form', code: 'form_expired', message: 'This form was opened too long ago. Please check your answers and send it again.', key: 'entry.form-expired' }]);
        }
        if (at.getTime() - started < MIN_FILL_MS) {
          throw new EntryValidationError([{ field: 'form', code: 'too_fast', message: 'The form was sent faster than a person can fill it in. Please check your answers and send it again.', key: 'entry.too-fast' }]);
        }
        const entry = gp.service.check(stored, input, at);
        const altcha = values.altcha;
        // Without JavaScript there is no proof-of-work to send; the honeypot, the fill time, the rate
        // limit and the email confirmation still apply. A solution that is sent must be valid.
        if (gp.pow && typeof altcha === 'string' && altcha !== '' && !(await gp.pow.verifyAndSpend(altcha, at))) {
          throw new EntryValidationError([{ field: 'form', code: 'pow_invalid', message: 'The automatic anti-robot check failed. Please send the form again.', key: 'entry.pow-invalid' }]);
        }
        await gp.service.submit(stored, input, entry, { now: at });
        return checkEmail(String(values.email));
      } catch (error) {
        if (error instanceof EntryValidationError) return campaignPage(reply, stored, { values, errors: error.errors }, 400);
        if (error instanceof HttpError && error.status === 409) {
          return campaignPage(reply, stored, { values, errors: [{ field: 'email', code: error.code, message: error.message }] }, 409);
        }
        if (error instanceof HttpError && (error.code === 'campaign_closed' || error.code === 'campaign_not_open')) {
          const refusal = submissionRefusalText(campaign, at, site.i18n);
          if (refusal) error.withLocalized(refusal.key, refusal.params);
        }
        throw error;
      }
    },
  );

  // Opening the mailed link only shows a button: mail scanners and link previews fetch links
  // (GET and HEAD), and must not use up the one-time confirmation before the reader does.
  app.get<{ Querystring: { token?: string } }>('/grand-prix/confirm', { config: entryRateLimit(gp.config.ENTRY_RATE_LIMIT) }, async (request, reply) => {
    const { site } = await siteState.current();
    const { t } = site.i18n;
    const { campaign } = await explained(site.i18n, () => gp.service.pendingEntry(request.query.token, now(), (id) => gp.campaigns.findById(id)));
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

  app.post<{ Body: { token?: string } }>(
    '/grand-prix/confirm',
    { preValidation: app.csrfProtection, bodyLimit: 4096, config: entryRateLimit(gp.config.ENTRY_RATE_LIMIT) },
    async (request, reply) => {
      const { site } = await siteState.current();
      const { t } = site.i18n;
      const { code, campaign } = await explained(site.i18n, () => gp.service.confirm(request.body?.token, now(), gp.entryCampaigns.byId));
      return html(
        reply,
        <MessageCard site={site} campaign={campaign.definition} title={t('gp.receipt-title')}>
          <p>{t('gp.receipt-text')}</p>
          <p class="receipt">
            {t('gp.receipt-code')}: <strong class="entry-code">{code}</strong>
          </p>
          <p>
            <a href={`/grand-prix/${campaign.slug}/draw`}>{t('gp.draw-link')}</a>
          </p>
        </MessageCard>,
      );
    },
  );

  app.get<{ Params: { slug: string } }>('/grand-prix/:slug/rules', { config: { pageCache: true } }, async (request, reply) => {
    const stored = await load(request.params.slug);
    const { site } = await siteState.current();
    return reply.type('text/html; charset=utf-8').header('cache-control', 'public, max-age=60').send(renderPage(<RulesPage site={site} campaign={stored.definition} />));
  });

  app.get<{ Params: { slug: string } }>('/grand-prix/:slug/results', async (request, reply) => {
    const stored = await load(request.params.slug);
    if (!gp.results.isPublic(stored, now())) throw new HttpError(403, 'results_not_public', 'Results are published when the vote closes.').withLocalized('gp.results-not-public');
    const { site } = await siteState.current();
    const results = await gp.results.compute(stored);
    return reply.type('text/html; charset=utf-8').header('cache-control', 'public, max-age=30').send(renderPage(<ResultsPage site={site} campaign={stored.definition} results={results} />));
  });
}
