import type { SiteContext } from '../../web/context';
import type { Campaign, Nominee } from '../campaign-schema';
import { BarChart, Histogram } from '../charts';
import type { CampaignResults, QuestionResult } from '../results';
import type { FreezeState } from '../freeze';
import { BallotListFacts, CampaignShell } from './campaign-pages';
import { NomineePhoto, type NomineeImages } from './nominee-photo';

/** The charts' words in the site's language: headers, counts and the summary a screen reader hears. */
function chartTexts(site: SiteContext, locale: string) {
  const { t, formatNumber } = site.i18n;
  const percent = (x: number) => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(x);
  return {
    count: (n: number) => formatNumber(n),
    bars: (item: 'chart.nominee' | 'chart.answer', count: 'chart.votes' | 'chart.answers') => ({ item: t(item), count: t(count), share: t('chart.share'), interval: t('chart.interval') }),
    describeBars: (bars: Array<{ label: string; count: number; share: number }>) => {
      const top = [...bars].sort((a, b) => b.count - a.count)[0];
      return top && top.count > 0 ? t('chart.desc-bars', { count: bars.length, label: top.label, share: percent(top.share) }) : t('chart.desc-empty');
    },
    describeBins: (bins: Array<{ label: string; count: number }>) => {
      const total = bins.reduce((sum, b) => sum + b.count, 0);
      const top = [...bins].sort((a, b) => b.count - a.count)[0];
      return top && top.count > 0 ? t('chart.desc-hist', { total: formatNumber(total), label: top.label, n: formatNumber(top.count) }) : t('chart.desc-empty');
    },
    histogram: () => ({ item: t('chart.value'), count: t('chart.answers'), share: t('chart.share') }),
  };
}

export function ResultsPage({
  site,
  campaign,
  results,
  images = new Map(),
  freeze = { state: 'open' },
}: {
  site: SiteContext;
  campaign: Campaign;
  results: CampaignResults;
  images?: NomineeImages;
  /** After the freeze the ballot list these results are counted from is named, so anyone can recount them. */
  freeze?: FreezeState;
}) {
  const { t, formatNumber } = site.i18n;
  const locale = site.i18n.lang === 'ru' ? 'ru' : 'en-GB';
  const title = t('gp.results-title', { title: campaign.title });
  const texts = chartTexts(site, locale);
  return (
    <CampaignShell site={site} campaign={campaign} path={`/grand-prix/${campaign.slug}/results`} title={title}>
      <h1>{title}</h1>
      <p>{t('gp.results-entries', { n: formatNumber(results.entries) })}</p>
      <p class="hint">{t('gp.results-ci')}</p>
      {results.categories.map((c) => {
        const bars = c.nominees.map((n) => ({ id: n.id, label: n.title, count: n.votes, share: n.share, ci95: n.ci95 }));
        return (
          <section key={c.id} class="result-block" aria-labelledby={`cat-${c.id}`}>
            <h2 id={`cat-${c.id}`}>{c.title}</h2>
            <NomineeGallery nominees={campaign.categories.find((k) => k.id === c.id)?.nominees ?? []} images={images} />
            <BarChart
              id={`chart-${c.id}`}
              title={c.title}
              locale={locale}
              headers={texts.bars('chart.nominee', 'chart.votes')}
              countLabel={texts.count}
              description={texts.describeBars(bars)}
              bars={bars}
            />
          </section>
        );
      })}
      <h2>{t('gp.results-questionnaire')}</h2>
      {results.questions.map((q) => (
        <section key={q.id} class="result-block" aria-labelledby={`q-${q.id}`}>
          <h3 id={`q-${q.id}`}>{q.text}</h3>
          <QuestionResultView site={site} q={q} locale={locale} texts={texts} />
        </section>
      ))}
      {freeze.state === 'frozen' && freeze.ballots && (
        <dl class="draw-facts ballot-list">
          <BallotListFacts site={site} slug={campaign.slug} freeze={freeze} />
        </dl>
      )}
      <p>
        <a href={`/grand-prix/${campaign.slug}`}>{campaign.title}</a>
      </p>
    </CampaignShell>
  );
}

/** The category's nominees with their photos, above its chart (only when some have one). */
function NomineeGallery({ nominees, images }: { nominees: Nominee[]; images: NomineeImages }) {
  if (!nominees.some((n) => n.image)) return null;
  return (
    <ul class="nominee-gallery">
      {nominees.map((n) => (
        <li key={n.id}>
          <NomineePhoto nominee={n} images={images} />
          <span>{n.title}</span>
        </li>
      ))}
    </ul>
  );
}

function QuestionResultView({ site, q, locale, texts }: { site: SiteContext; q: QuestionResult; locale: string; texts: ReturnType<typeof chartTexts> }) {
  const { t, formatNumber } = site.i18n;
  const fmt = (n: number | null) => (n === null ? '—' : formatNumber(Math.round(n * 10) / 10));
  switch (q.type) {
    case 'single':
    case 'multi': {
      const bars = q.options.map((o) => ({ id: o.id, label: o.text, count: o.count, share: o.share }));
      return (
        <BarChart
          id={`chart-q-${q.id}`}
          title={q.text}
          locale={locale}
          headers={texts.bars('chart.answer', 'chart.answers')}
          countLabel={texts.count}
          description={texts.describeBars(bars)}
          bars={bars}
        />
      );
    }
    case 'rating':
      return (
        <>
          <p>{t('gp.rating-mean', { mean: fmt(q.mean), n: formatNumber(q.n) })}</p>
          <QuestionHistogram q={q} locale={locale} texts={texts} bins={q.histogram.map((b) => ({ label: String(b.value), count: b.count }))} />
        </>
      );
    case 'number':
      return (
        <>
          <p>{t('gp.number-summary', { mean: fmt(q.mean), median: fmt(q.median), n: formatNumber(q.n) })}</p>
          <QuestionHistogram q={q} locale={locale} texts={texts} bins={q.bins.map((b) => ({ label: b.label, count: b.count }))} />
        </>
      );
    case 'text':
      return <p>{t('gp.results-text-answers', { n: formatNumber(q.n) })}</p>;
  }
}

/** A rating's or a number's answers as a histogram, with the summary a screen reader hears. */
function QuestionHistogram({ q, locale, texts, bins }: { q: QuestionResult; locale: string; texts: ReturnType<typeof chartTexts>; bins: Array<{ label: string; count: number }> }) {
  return <Histogram id={`chart-q-${q.id}`} title={q.text} locale={locale} headers={texts.histogram()} countLabel={texts.count} description={texts.describeBins(bins)} bins={bins} />;
}
