import type { StoredSummary } from '../articles/model';
import type { SiteContext } from '../web/context';

interface ToggleProps {
  site: SiteContext;
  slug: string;
  /** Which panel this control opens: one sits at the top of the article, one at the bottom. */
  panelId: string;
}

/**
 * Without JavaScript this is a link to the summary page; site.js turns it into a disclosure
 * button that opens the panel below it in place.
 */
export function SummaryToggle({ site, slug, panelId }: ToggleProps) {
  const { t } = site.i18n;
  return (
    <p class="summary-cta">
      <span class="summary-cta-lead">{t('summary.cta-lead')}</span>{' '}
      <a class="summary-toggle" href={`/news/${slug}/summary`} data-panel={panelId} data-hide-label={t('summary.hide')}>
        {t('summary.cta')}
      </a>
    </p>
  );
}

interface PanelProps {
  site: SiteContext;
  summary: StoredSummary | null;
  edited: boolean;
  id: string;
  /** Where sentence anchors live: '' on the article page itself, `/news/slug` elsewhere. */
  articlePath: string;
  hidden?: boolean;
}

export function SummaryPanel({ site, summary, edited, id, articlePath, hidden }: PanelProps) {
  const { t } = site.i18n;
  const headingId = `${id}-heading`;
  return (
    <section id={id} class="summary-panel" aria-labelledby={headingId} hidden={hidden} tabIndex={-1}>
      <h2 id={headingId}>{t('summary.heading')}</h2>
      {summary && summary.points.length > 0 ? (
        <ul class="summary-points">
          {summary.points.map((p) => (
            <li key={p.sentence}>
              <a href={`${articlePath}#s-${p.sentence}`} data-sentence={p.sentence}>
                {p.text}
              </a>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('summary.none')}</p>
      )}
      <p class="summary-label">{edited ? t('summary.edited') : t('summary.label')}</p>
    </section>
  );
}
