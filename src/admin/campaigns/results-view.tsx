import type { StoredCampaign } from '../../grandprix/campaigns-repository';
import { BarChart, Histogram } from '../../grandprix/charts';
import type { CampaignResults, QuestionResult } from '../../grandprix/results';
import type { PageContext } from '../context';
import { AdminLayout } from '../views/layout';

const LOCALE = 'en-GB';
const fmt = (n: number | null) => (n === null ? '—' : new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 1 }).format(n));

/** The results as the public will see them, available to admins before they are published. */
export function AdminResultsView({ ctx, stored, results, isPublic }: { ctx: PageContext; stored: StoredCampaign; results: CampaignResults; isPublic: boolean }) {
  const base = `/admin/campaigns/${stored.slug}`;
  return (
    <AdminLayout ctx={ctx} title={`Results — ${stored.definition.title}`} section="campaigns">
      <p class="crumbs">
        <a href="/admin/campaigns">Campaigns</a> / <a href={base}>{stored.definition.title}</a> /
      </p>
      <div class="title-row">
        <h1>Results</h1>
        <a class="button secondary" href={`${base}/results.csv`}>
          Export CSV
        </a>
      </div>
      <p>
        {results.entries === 1 ? '1 counted entry' : `${results.entries} counted entries`} (confirmed, not disqualified).{' '}
        {isPublic ? (
          <a href={`/grand-prix/${stored.slug}/results`}>Published results page</a>
        ) : (
          <span class="hint">Not public yet: readers see the results after the close.</span>
        )}
      </p>
      <p class="hint">Bars show each nominee's share of the category's votes; whiskers the 95% interval.</p>
      {results.categories.map((c) => (
        <section key={c.id} class="result-block" aria-labelledby={`cat-${c.id}`}>
          <h2 id={`cat-${c.id}`}>
            {c.title} <span class="count">({c.total === 1 ? '1 vote' : `${c.total} votes`})</span>
          </h2>
          <BarChart
            id={`chart-${c.id}`}
            title={c.title}
            locale={LOCALE}
            bars={c.nominees.map((n) => ({ id: n.id, label: n.title, count: n.votes, share: n.share, ci95: n.ci95 }))}
          />
        </section>
      ))}
      {results.questions.length > 0 && <h2>Questionnaire</h2>}
      {results.questions.map((q) => (
        <section key={q.id} class="result-block" aria-labelledby={`q-${q.id}`}>
          <h3 id={`q-${q.id}`}>{q.text}</h3>
          <QuestionChart q={q} />
        </section>
      ))}
    </AdminLayout>
  );
}

function QuestionChart({ q }: { q: QuestionResult }) {
  switch (q.type) {
    case 'single':
    case 'multi':
      return (
        <BarChart
          id={`chart-q-${q.id}`}
          title={q.text}
          locale={LOCALE}
          headers={{ item: 'Answer', count: 'Answers' }}
          countLabel={(n) => `${n} ${n === 1 ? 'answer' : 'answers'}`}
          bars={q.options.map((o) => ({ id: o.id, label: o.text, count: o.count, share: o.share }))}
        />
      );
    case 'rating':
      return (
        <>
          <p>
            Mean {fmt(q.mean)} from {q.n} {q.n === 1 ? 'answer' : 'answers'}
          </p>
          <Histogram id={`chart-q-${q.id}`} title={q.text} locale={LOCALE} bins={q.histogram.map((b) => ({ label: String(b.value), count: b.count }))} />
        </>
      );
    case 'number':
      return (
        <>
          <p>
            Mean {fmt(q.mean)}, median {fmt(q.median)}
            {q.unit ? ` ${q.unit}` : ''} from {q.n} {q.n === 1 ? 'answer' : 'answers'}
          </p>
          <Histogram id={`chart-q-${q.id}`} title={q.text} locale={LOCALE} bins={q.bins.map((b) => ({ label: b.label, count: b.count }))} />
        </>
      );
    case 'text':
      return <p>{q.n === 1 ? '1 person' : `${q.n} people`} wrote an answer (free text is read in the entries, not charted).</p>;
  }
}
