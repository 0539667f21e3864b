import type { Campaign } from '../../grandprix/campaign-schema';
import type { StoredCampaign } from '../../grandprix/campaigns-repository';
import type { EntryRow } from '../../grandprix/entries-repository';
import type { EntryEventsTable } from '../../db/schema';
import type { Selectable } from 'kysely';
import type { PageContext } from '../context';
import { AdminLayout, Csrf, formatTime, Notice } from '../views/layout';
import { TableHead } from '../../web/table-head';
import { REASON_MAX } from '../../grandprix/entrant-actions';


function EntryState({ entry }: { entry: EntryRow }) {
  return (
    <>
      <span class={`status status-entry-${entry.status}`}>{entry.status === 'confirmed' ? 'confirmed' : 'awaiting confirmation'}</span>
      {entry.disqualified_at && <span class="status status-disqualified"> disqualified</span>}
      {entry.erased_at && <span class="status"> erased</span>}
    </>
  );
}

const personal = (value: string, entry: EntryRow) => (entry.erased_at ? <span class="hint">erased</span> : value);

function Crumbs({ stored }: { stored: StoredCampaign }) {
  return (
    <p class="crumbs">
      <a href="/admin/campaigns">Campaigns</a> / <a href={`/admin/campaigns/${stored.slug}`}>{stored.definition.title}</a> /
    </p>
  );
}

export function EntriesView(props: { ctx: PageContext; stored: StoredCampaign; rows: EntryRow[]; total: number; page: number; pages: number; q: string }) {
  const { ctx, stored, rows, total, page, pages, q } = props;
  const base = `/admin/campaigns/${stored.slug}`;
  const link = (p: number) => `${base}/entries?${new URLSearchParams({ ...(q ? { q } : {}), page: String(p) }).toString()}`;
  return (
    <AdminLayout ctx={ctx} title={`Entries — ${stored.definition.title}`} section="campaigns">
      <Crumbs stored={stored} />
      <div class="title-row">
        <h1>Entries</h1>
        <a class="button secondary" href={`${base}/entries.csv`}>
          Export CSV
        </a>
      </div>
      <form method="get" action={`${base}/entries`} class="filters" role="search">
        <label>
          Email or entry code
          <input type="search" name="q" value={q} maxLength={254} />
        </label>
        <button type="submit">Search</button>
        {q && <a href={`${base}/entries`}>Show all</a>}
      </form>
      <p class="count">
        {total === 1 ? '1 entry' : `${total} entries`}
        {q ? ` matching “${q}”` : ''}
      </p>
      {rows.length === 0 && q && <p>No entry has this email address or code. Search by the whole address or the whole code (GP-XXXX-XXXX).</p>}
      {rows.length > 0 && (
        <table class="list entries">
          <TableHead columns={['Code', 'Name', 'Email', 'State', 'Sent', 'Disqualified because']} />
          <tbody>
            {rows.map((e) => (
              <tr key={e.id}>
                <td>
                  <a href={`${base}/entries/${e.code}`}>{e.code}</a>
                </td>
                <td>{personal(e.name, e)}</td>
                <td>{personal(e.email, e)}</td>
                <td>
                  <EntryState entry={e} />
                </td>
                <td>{formatTime(e.submitted_at, ctx.zone)}</td>
                <td>{e.disqualified_reason ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pages > 1 && (
        <nav class="pager" aria-label="Pages">
          {page > 1 && <a href={link(page - 1)}>Previous page</a>} <span>
            Page {page} of {pages}
          </span>{' '}
          {page < pages && <a href={link(page + 1)}>Next page</a>}
        </nav>
      )}
    </AdminLayout>
  );
}

function answerText(campaign: Campaign, questionId: string, value: unknown): string {
  const q = campaign.questions.find((x) => x.id === questionId);
  const option = (id: unknown) => (q && 'options' in q ? (q.options.find((o) => o.id === id)?.text ?? String(id)) : String(id));
  if (Array.isArray(value)) return value.map(option).join(', ');
  if (q && (q.type === 'single' || q.type === 'multi')) return option(value);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function EntryView(props: {
  ctx: PageContext;
  stored: StoredCampaign;
  entry: EntryRow;
  events: Array<Selectable<EntryEventsTable>>;
  frozen: boolean;
  notice?: string | null;
  error?: string | null;
  reason?: string;
}) {
  const { ctx, stored, entry, events } = props;
  const campaign = stored.definition;
  const ballot = JSON.parse(entry.ballot_json) as Record<string, string>;
  const answers = JSON.parse(entry.answers_json) as Record<string, unknown>;
  return (
    <AdminLayout ctx={ctx} title={`${entry.code} — ${campaign.title}`} section="campaigns">
      <Crumbs stored={stored} />
      <h1>Entry {entry.code}</h1>
      <Notice text={props.notice} />
      <Notice text={props.error} kind="error" />
      <dl class="facts box">
        <dt>Name</dt>
        <dd>{personal(entry.name, entry)}</dd>
        <dt>Email</dt>
        <dd>{personal(entry.email, entry)}</dd>
        <dt>State</dt>
        <dd>
          <EntryState entry={entry} />
        </dd>
        <dt>Sent</dt>
        <dd>{formatTime(entry.submitted_at, ctx.zone)}</dd>
        <dt>Confirmed</dt>
        <dd>{entry.confirmed_at ? formatTime(entry.confirmed_at, ctx.zone) : '—'}</dd>
        <dt>Adult, consent, questionnaire complete</dt>
        <dd>
          {[entry.adult, entry.consent, entry.complete].map((x) => (x === 1 ? 'yes' : 'no')).join(', ')}
        </dd>
        {entry.disqualified_at && (
          <>
            <dt>Disqualified</dt>
            <dd>
              {formatTime(entry.disqualified_at, ctx.zone)}: {entry.disqualified_reason}
            </dd>
          </>
        )}
      </dl>
      <h2>Votes</h2>
      <ul>
        {campaign.categories.map((c) => (
          <li key={c.id}>
            {c.title}: {c.nominees.find((n) => n.id === ballot[c.id])?.title ?? '—'}
          </li>
        ))}
      </ul>
      <h2>Answers</h2>
      <ul>
        {campaign.questions
          .filter((q) => answers[q.id] !== undefined)
          .map((q) => (
            <li key={q.id}>
              {q.text}: {answerText(campaign, q.id, answers[q.id])}
            </li>
          ))}
      </ul>
      {events.length > 0 && (
        <>
          <h2>History</h2>
          <ul>
            {events.map((e) => (
              <li key={e.id}>
                {formatTime(e.at, ctx.zone)} {e.action} by {e.actor ?? 'unknown'}
                {e.reason ? `: ${e.reason}` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
      {!entry.disqualified_at && (
        <form method="post" action={`/admin/campaigns/${stored.slug}/entries/${entry.code}/disqualify`} class="stack narrow box">
          <h2>Disqualify</h2>
          <p class="hint">
            The vote leaves the results at once.
            {props.frozen
              ? ' The entry list of the draw is already frozen and published, so the entry stays in the draw: if it wins, forfeit its prize on the campaign page.'
              : ' The entry will not be in the draw.'}
          </p>
          <Csrf ctx={ctx} />
          <label>
            Reason <span class="hint">(required; shown to admins and kept with the entry)</span>
            <textarea name="reason" required maxLength={REASON_MAX} rows={3}>
              {props.reason ?? ''}
            </textarea>
          </label>
          <button type="submit" class="danger">
            Disqualify
          </button>
        </form>
      )}
    </AdminLayout>
  );
}
