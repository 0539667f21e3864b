import type { StoredCampaign } from '../../grandprix/campaigns-repository';
import { BarChart, Histogram } from '../../grandprix/charts';
import type { CampaignResults, QuestionResult } from '../../grandprix/results';
import type { PageContext } from '../context';
import type { AdminI18n } from '../i18n';
import { AdminLayout } from '../views/layout';

/**
 * The charts' words in the admin's language. The headers and the summary a screen reader hears
 * are the public results page's (the site catalogue in this language), so both read alike.
 */
function chartTexts(i18n: AdminI18n) {
  const { t } = i18n.site;
  const locale = i18n.lang === 'ru' ? 'ru' : 'en-GB';
  const share = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  return {
    locale,
    mean: (n: number | null) => (n === null ? '—' : new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(n)),
    votes: (n: number) => i18n.tn('campaigns.results.votes', n),
    answers: (n: number) => i18n.tn('campaigns.results.answers', n),
    bars: (item: 'chart.nominee' | 'chart.answer', count: 'chart.votes' | 'chart.answers') => ({ item: t(item), count: t(count), share: t('chart.share'), interval: t('chart.interval') }),
    histogram: () => ({ item: t('chart.value'), count: t('chart.answers'), share: t('chart.share') }),
    describeBars: (bars: Array<{ label: string; count: number; share: number }>) => {
      const top = [...bars].sort((a, b) => b.count - a.count)[0];
      return top && top.count > 0 ? t('chart.desc-bars', { count: i18n.number(bars.length), label: top.label, share: share.format(top.share) }) : t('chart.desc-empty');
    },
    describeBins: (bins: Array<{ label: string; count: number }>) => {
      const total = bins.reduce((sum, b) => sum + b.count, 0);
      const top = [...bins].sort((a, b) => b.count - a.count)[0];
      return top && top.count > 0 ? t('chart.desc-hist', { total: i18n.number(total), label: top.label, n: i18n.number(top.count) }) : t('chart.desc-empty');
    },
  };
}
type ChartTexts = ReturnType<typeof chartTexts>;

/** The results as the public will see them, available to admins before they are published. */
export function AdminResultsView({ ctx, stored, results, isPublic }: { ctx: PageContext; stored: StoredCampaign; results: CampaignResults; isPublic: boolean }) {
  const { t, tn } = ctx.i18n;
  const texts = chartTexts(ctx.i18n);
  const base = `/admin/campaigns/${stored.slug}`;
  return (
    <AdminLayout ctx={ctx} title={t('campaigns.results.title', { title: stored.definition.title })} section="campaigns">
      <p class="crumbs">
        <a href="/admin/campaigns">{t('campaigns.title')}</a> / <a href={base}>{stored.definition.title}</a> /
      </p>
      <div class="title-row">
        <h1>{t('campaigns.action.results')}</h1>
        <a class="button secondary" href={`${base}/results.csv`}>
          {t('campaigns.entries.export')}
        </a>
      </div>
      <p>
        {tn('campaigns.results.counted', results.entries)}{' '}
        {isPublic ? <a href={`/grand-prix/${stored.slug}/results`}>{t('campaigns.results.published')}</a> : <span class="hint">{t('campaigns.results.notPublic')}</span>}
      </p>
      <p class="hint">{t('campaigns.results.hint')}</p>
      {results.categories.map((c) => {
        const bars = c.nominees.map((n) => ({ id: n.id, label: n.title, count: n.votes, share: n.share, ci95: n.ci95 }));
        return (
          <section key={c.id} class="result-block" aria-labelledby={`cat-${c.id}`}>
            <h2 id={`cat-${c.id}`}>
              {c.title} <span class="count">({texts.votes(c.total)})</span>
            </h2>
            <BarChart
              id={`chart-${c.id}`}
              title={c.title}
              locale={texts.locale}
              headers={texts.bars('chart.nominee', 'chart.votes')}
              countLabel={texts.votes}
              description={texts.describeBars(bars)}
              bars={bars}
            />
          </section>
        );
      })}
      {results.questions.length > 0 && <h2>{t('campaigns.results.questionnaire')}</h2>}
      {results.questions.map((q) => (
        <section key={q.id} class="result-block" aria-labelledby={`q-${q.id}`}>
          <h3 id={`q-${q.id}`}>{q.text}</h3>
          <QuestionChart i18n={ctx.i18n} texts={texts} q={q} />
        </section>
      ))}
    </AdminLayout>
  );
}

function QuestionChart({ i18n, texts, q }: { i18n: AdminI18n; texts: ChartTexts; q: QuestionResult }) {
  const { tn } = i18n;
  const histogram = (bins: Array<{ label: string; count: number }>) => (
    <Histogram id={`chart-q-${q.id}`} title={q.text} locale={texts.locale} headers={texts.histogram()} countLabel={texts.answers} description={texts.describeBins(bins)} bins={bins} />
  );
  switch (q.type) {
    case 'single':
    case 'multi': {
      const bars = q.options.map((o) => ({ id: o.id, label: o.text, count: o.count, share: o.share }));
      return (
        <BarChart
          id={`chart-q-${q.id}`}
          title={q.text}
          locale={texts.locale}
          headers={texts.bars('chart.answer', 'chart.answers')}
          countLabel={texts.answers}
          description={texts.describeBars(bars)}
          bars={bars}
        />
      );
    }
    case 'rating':
      return (
        <>
          <p>{tn('campaigns.results.mean', q.n, { mean: texts.mean(q.mean) })}</p>
          {histogram(q.histogram.map((b) => ({ label: String(b.value), count: b.count })))}
        </>
      );
    case 'number':
      return (
        <>
          <p>{tn('campaigns.results.meanMedian', q.n, { mean: texts.mean(q.mean), median: texts.mean(q.median), unit: q.unit ? ` ${q.unit}` : '' })}</p>
          {histogram(q.bins.map((b) => ({ label: b.label, count: b.count })))}
        </>
      );
    case 'text':
      return <p>{tn('campaigns.results.text', q.n)}</p>;
  }
}
