import type { ComponentChildren } from 'preact';
import { renderMarkdown } from '../../articles/markdown';
import type { SiteContext } from '../../web/context';
import { Layout } from '../../web/layout';
import type { Campaign } from '../campaign-schema';
import { campaignStatus, formatDeadline, toIsoWithOffset } from '../deadline';
import type { FreezeState } from '../freeze';
import { prizeValueText } from '../page-messages';
import { RECOUNT_DOC } from '../spec-docs';
import { ballotListPath } from '../ballot-list';

const locale = (site: SiteContext) => (site.i18n.lang === 'ru' ? 'ru' : 'en-GB');

export function CampaignShell({ site, campaign, path, title, children }: { site: SiteContext; campaign: Campaign; path: string; title?: string; children: ComponentChildren }) {
  return (
    <Layout site={site} title={title ?? campaign.title} description={campaign.promo.text} path={path}>
      <div class="campaign">{children}</div>
    </Layout>
  );
}

/** Dates in the campaign's own time zone, with the zone named: "until 28 February 2023, 00:00 (Europe/Moscow, UTC+3)". */
export function CampaignDates({ site, campaign }: { site: SiteContext; campaign: Campaign }) {
  const { t } = site.i18n;
  return (
    <dl class="campaign-dates">
      <dt>{t('gp.opens')}</dt>
      <dd>
        <time dateTime={toIsoWithOffset(campaign.opensAt, campaign.timezone)}>{formatDeadline(campaign.opensAt, campaign.timezone, locale(site))}</time>
      </dd>
      <dt>{t('gp.closes')}</dt>
      <dd>
        <time dateTime={toIsoWithOffset(campaign.closesAt, campaign.timezone)}>{formatDeadline(campaign.closesAt, campaign.timezone, locale(site))}</time>
      </dd>
    </dl>
  );
}

export function CampaignIntro({ site, campaign, now, commitment, freeze }: { site: SiteContext; campaign: Campaign; now: Date; commitment: string; freeze: FreezeState }) {
  const { t } = site.i18n;
  const status = campaignStatus(campaign, now);
  return (
    <>
      <h1>{campaign.title}</h1>
      {/* Campaign texts are Markdown written by editors: rendered through the same sanitizer as articles. */}
      <div class="campaign-description" dangerouslySetInnerHTML={{ __html: renderMarkdown(campaign.description) }} />
      <CampaignDates site={site} campaign={campaign} />
      {status === 'upcoming' && <p class="notice">{t('gp.status-upcoming')}</p>}
      {status === 'closed' && <p class="notice">{t('gp.status-closed')}</p>}
      <section aria-labelledby="prizes-title" class="prizes">
        <h2 id="prizes-title">{t('gp.prizes')}</h2>
        <ol>
          {campaign.prizes.map((p, i) => (
            <li key={i}>
              <strong>{p.title}</strong>
              {p.description && ` — ${p.description}`}
              {/* A value of 0 is the schema's way of saying "not stated". */}
              {p.value !== 0 && <span class="prize-value"> ({t('gp.prize-value', { value: prizeValueText(p, site.i18n.lang) })})</span>}
            </li>
          ))}
        </ol>
      </section>
      <ul class="campaign-links">
        {(campaign.live_results || status === 'closed') && (
          <li>
            <a href={`/grand-prix/${campaign.slug}/results`}>{t('gp.results-link')}</a>
          </li>
        )}
        <li>
          <a href={`/grand-prix/${campaign.slug}/rules`}>{t('gp.rules-link')}</a>
        </li>
        <li>
          <a href={`/grand-prix/${campaign.slug}/draw`}>{t('gp.draw-link')}</a>
        </li>
      </ul>
      <DrawFacts site={site} slug={campaign.slug} commitment={commitment} freeze={freeze} />
    </>
  );
}

/** The public facts of the verifiable draw: the commitment, and once frozen, the entry list's and the ballot list's digests. */
export function DrawFacts({ site, slug, commitment, freeze }: { site: SiteContext; slug: string; commitment: string; freeze: FreezeState }) {
  const { t, formatDate } = site.i18n;
  return (
    <dl class="draw-facts">
      <dt>{t('gp.commitment')}</dt>
      <dd>
        <code class="hex">{commitment}</code>
      </dd>
      {freeze.state === 'frozen' && (
        <>
          <dt>{t('gp.entries-digest', { count: freeze.count })}</dt>
          <dd>
            <code class="hex">{freeze.digest}</code>
          </dd>
        </>
      )}
      {freeze.state === 'frozen' && <BallotListFacts site={site} slug={slug} freeze={freeze} />}
      {freeze.state === 'waiting' && <dd>{t('gp.freeze-waits', { until: formatDate(freeze.until) })}</dd>}
    </dl>
  );
}

/**
 * The ballot list frozen with the entry list (docs/recount.md): its count and SHA-256, the list
 * itself, the entrant's check of their own ballot, and the recount anyone can do from it. Items of
 * a <dl>; nothing before the freeze (results until then are provisional and not recountable).
 */
export function BallotListFacts({ site, slug, freeze }: { site: SiteContext; slug: string; freeze: FreezeState }) {
  if (freeze.state !== 'frozen' || !freeze.ballots) return null;
  const { t } = site.i18n;
  const list = ballotListPath(slug);
  return (
    <>
      <dt>{t('gp.ballots-digest', { count: freeze.ballots.count })}</dt>
      <dd>
        <code class="hex">{freeze.ballots.digest}</code>
      </dd>
      <dd class="ballot-list-links">
        <a href={`${list}?format=json`} type="application/json">
          {t('gp.ballots-json')}
        </a>
        {' · '}
        <a href={`${list}?format=csv`} type="text/csv">
          {t('gp.ballots-csv')}
        </a>
        {' · '}
        <a href={`/grand-prix/${slug}/ballot`}>{t('gp.ballots-check')}</a>
      </dd>
      <dd class="ballot-list-recount">
        {t('gp.ballots-recount')} <a href={RECOUNT_DOC}>{t('gp.ballots-recount-link')}</a>
      </dd>
    </>
  );
}

export function RulesPage({ site, campaign }: { site: SiteContext; campaign: Campaign }) {
  return (
    <CampaignShell site={site} campaign={campaign} path={`/grand-prix/${campaign.slug}/rules`} title={`${site.i18n.t('gp.rules-link')}: ${campaign.title}`}>
      <h1>{site.i18n.t('gp.rules-link')}</h1>
      <p>
        <a href={`/grand-prix/${campaign.slug}`}>{campaign.title}</a>
      </p>
      <CampaignDates site={site} campaign={campaign} />
      <div class="rules" dangerouslySetInnerHTML={{ __html: renderMarkdown(campaign.rules) }} />
    </CampaignShell>
  );
}

export function MessageCard({ site, campaign, title, children }: { site: SiteContext; campaign: Campaign; title: string; children: ComponentChildren }) {
  return (
    <CampaignShell site={site} campaign={campaign} path={`/grand-prix/${campaign.slug}`} title={title}>
      <h1>{title}</h1>
      {children}
      <p>
        <a href={`/grand-prix/${campaign.slug}`}>{campaign.title}</a>
      </p>
    </CampaignShell>
  );
}
