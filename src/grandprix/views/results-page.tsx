import type { SiteContext } from '../../web/context';
import type { Campaign } from '../campaign-schema';
import { BarChart, Histogram } from '../charts';
import type { CampaignResults, QuestionResult } from '../results';
import { CampaignShell } from './campaign-pages';

export function ResultsPage({ site, campaign, results }: { site: SiteContext; campaign: Campaign; results: CampaignResults }) {
  const { t, formatNumber } = site.i18n;
  const locale = site.i18n.lang === 'ru' ? 'ru' : 'en-GB';
  const title = t('gp.results-title', { title: campaign.title });
  return (
    <CampaignShell site={site} campaign={campaign} path={`/grand-prix/${campaign.slug}/results`} title={title}>
      <h1>{title}</h1>
      <p>{t('gp.results-entries', { n: formatNumber(results.entries) })}</p>
      <p class="hint">{t('gp.results-ci')}</p>
      {results.categories.map((c) => (
        <section key={c.id} class="result-block" aria-labelledby={`cat-${c.id}`}>
          <h2 id={`cat-${c.id}`}>{c.title}</h2>
          <BarChart
            id={`chart-${c.id}`}
            title={c.title}
            locale={locale}
            bars={c.nominees.map((n) => ({ id: n.id, label: n.title, count: n.votes, share: n.share, ci95: n.ci95 }))}
          />
        </section>
      ))}
      <h2>{t('gp.results-questionnaire')}</h2>
      {results.questions.map((q) => (
        <section key={q.id} class="result-block" aria-labelledby={`q-${q.id}`}>
          <h3 id={`q-${q.id}`}>{q.text}</h3>
          <QuestionResultView site={site} q={q} locale={locale} />
        </section>
      ))}
      <p>
        <a href={`/grand-prix/${campaign.slug}`}>{campaign.title}</a>
      </p>
    </CampaignShell>
  );
}

function QuestionResultView({ site, q, locale }: { site: SiteContext; q: QuestionResult; locale: string }) {
  const { t, formatNumber } = site.i18n;
  const fmt = (n: number | null) => (n === null ? '—' : formatNumber(Math.round(n * 10) / 10));
  switch (q.type) {
    case 'single':
    case 'multi':
      return (
        <BarChart
          id={`chart-q-${q.id}`}
          title={q.text}
          locale={locale}
          headers={{ item: 'Answer', count: 'Answers' }}
          countLabel={(n) => `${formatNumber(n)}`}
          bars={q.options.map((o) => ({ id: o.id, label: o.text, count: o.count, share: o.share }))}
        />
      );
    case 'rating':
      return (
        <>
          <p>{t('gp.rating-mean', { mean: fmt(q.mean), n: formatNumber(q.n) })}</p>
          <Histogram id={`chart-q-${q.id}`} title={q.text} locale={locale} bins={q.histogram.map((b) => ({ label: String(b.value), count: b.count }))} />
        </>
      );
    case 'number':
      return (
        <>
          <p>{t('gp.number-summary', { mean: fmt(q.mean), median: fmt(q.median), n: formatNumber(q.n) })}</p>
          <Histogram id={`chart-q-${q.id}`} title={q.text} locale={locale} bins={q.bins.map((b) => ({ label: b.label, count: b.count }))} />
        </>
      );
    case 'text':
      return <p>{t('gp.results-text-answers', { n: formatNumber(q.n) })}</p>;
  }
}
