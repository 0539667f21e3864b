import type { Campaign } from '../../grandprix/campaign-schema';
import type { StoredCampaign } from '../../grandprix/campaigns-repository';
import type { EntryRow } from '../../grandprix/entries-repository';
import type { EntryEventsTable } from '../../db/schema';
import type { Selectable } from 'kysely';
import type { PageContext } from '../context';
import type { AdminI18n, AdminKey } from '../i18n';
import { AdminLayout, Csrf, Notice } from '../views/layout';
import { TableHead } from '../../web/table-head';
import { REASON_MAX } from '../../grandprix/entrant-actions';
import { DISQUALIFY_REASONS, type DisqualifyReason } from '../../grandprix/ballot-list';

/** A reason code's words as the reader's ballot check publishes them (the reader's catalogue holds them). */
const reasonWords = (i18n: AdminI18n, code: DisqualifyReason) => i18n.site.t(`gp.reason-${code}`);

/** The published reason code (ballot list, ballot check) with its words; null for an entry disqualified before codes existed. */
function ReasonCode({ i18n, code }: { i18n: AdminI18n; code: string | null }) {
  if (!code) return null;
  const label = (DISQUALIFY_REASONS as readonly string[]).includes(code) ? reasonWords(i18n, code as DisqualifyReason) : null;
  return (
    <span class="reason-code">
      <code>{code}</code>
      {label && ` (${label})`}
    </span>
  );
}

function EntryState({ i18n, entry }: { i18n: AdminI18n; entry: EntryRow }) {
  const { t } = i18n;
  return (
    <>
      <span class={`status status-entry-${entry.status}`}>{t(entry.status === 'confirmed' ? 'campaigns.entry.confirmed' : 'campaigns.entry.pending')}</span>
      {entry.disqualified_at && (
        <>
          {' '}
          <span class="status status-disqualified">{t('campaigns.entry.disqualified')}</span>
        </>
      )}
      {entry.erased_at && (
        <>
          {' '}
          <span class="status">{t('campaigns.entry.erased')}</span>
        </>
      )}
    </>
  );
}

const personal = (i18n: AdminI18n, value: string, entry: EntryRow) => (entry.erased_at ? <span class="hint">{i18n.t('campaigns.entry.erased')}</span> : value);

/** What an entry's history says each recorded action was; an action unknown here is shown as stored. */
const EVENT_TEXT: Record<string, AdminKey> = { disqualify: 'campaigns.entry.event.disqualify', erase: 'campaigns.entry.event.erase' };

function Crumbs({ ctx, stored }: { ctx: PageContext; stored: StoredCampaign }) {
  return (
    <p class="crumbs">
      <a href="/admin/campaigns">{ctx.i18n.t('campaigns.title')}</a> / <a href={`/admin/campaigns/${stored.slug}`}>{stored.definition.title}</a> /
    </p>
  );
}

export function EntriesView(props: { ctx: PageContext; stored: StoredCampaign; rows: EntryRow[]; total: number; page: number; pages: number; q: string }) {
  const { ctx, stored, rows, total, page, pages, q } = props;
  const { t, tn, time, number } = ctx.i18n;
  const base = `/admin/campaigns/${stored.slug}`;
  const link = (p: number) => `${base}/entries?${new URLSearchParams({ ...(q ? { q } : {}), page: String(p) }).toString()}`;
  return (
    <AdminLayout ctx={ctx} title={t('campaigns.entries.title', { title: stored.definition.title })} section="campaigns">
      <Crumbs ctx={ctx} stored={stored} />
      <div class="title-row">
        <h1>{t('campaigns.col.entries')}</h1>
        <a class="button secondary" href={`${base}/entries.csv`}>
          {t('campaigns.entries.export')}
        </a>
      </div>
      <form method="get" action={`${base}/entries`} class="filters" role="search">
        <label>
          {t('campaigns.entries.search')}
          <input type="search" name="q" value={q} maxLength={254} />
        </label>
        <button type="submit">{t('campaigns.entries.searchButton')}</button>
        {q && <a href={`${base}/entries`}>{t('campaigns.entries.showAll')}</a>}
      </form>
      <p class="count">{q ? tn('campaigns.entries.countMatching', total, { q }) : tn('campaigns.entries.count', total)}</p>
      {rows.length === 0 && q && <p>{t('campaigns.entries.none')}</p>}
      {rows.length > 0 && (
        <table class="list entries">
          <TableHead
            columns={[t('campaigns.log.code'), t('campaigns.col.name'), t('campaigns.col.email'), t('campaigns.col.state'), t('campaigns.col.sent'), t('campaigns.col.disqualifiedBecause')]}
          />
          <tbody>
            {rows.map((e) => (
              <tr key={e.id}>
                <td>
                  <a href={`${base}/entries/${e.code}`}>{e.code}</a>
                </td>
                <td>{personal(ctx.i18n, e.name, e)}</td>
                <td>{personal(ctx.i18n, e.email, e)}</td>
                <td>
                  <EntryState i18n={ctx.i18n} entry={e} />
                </td>
                <td>{time(e.submitted_at)}</td>
                <td>
                  {e.disqualified_at && <ReasonCode i18n={ctx.i18n} code={e.disqualified_code} />}
                  {e.disqualified_at && e.disqualified_code && e.disqualified_reason ? ': ' : ''}
                  {e.disqualified_reason ?? ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pages > 1 && (
        <nav class="pager" aria-label={t('campaigns.pager.label')}>
          {page > 1 && <a href={link(page - 1)}>{t('campaigns.pager.previous')}</a>} <span>{t('campaigns.pager.page', { page: number(page), pages: number(pages) })}</span>{' '}
          {page < pages && <a href={link(page + 1)}>{t('campaigns.pager.next')}</a>}
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
  reasonCode?: string;
}) {
  const { ctx, stored, entry, events } = props;
  const { t, time } = ctx.i18n;
  const campaign = stored.definition;
  const ballot = JSON.parse(entry.ballot_json) as Record<string, string>;
  const answers = JSON.parse(entry.answers_json) as Record<string, unknown>;
  return (
    <AdminLayout ctx={ctx} title={`${entry.code} — ${campaign.title}`} section="campaigns">
      <Crumbs ctx={ctx} stored={stored} />
      <h1>{t('campaigns.entry.heading', { code: entry.code })}</h1>
      <Notice text={props.notice} />
      <Notice text={props.error} kind="error" />
      <dl class="facts box">
        <dt>{t('campaigns.col.name')}</dt>
        <dd>{personal(ctx.i18n, entry.name, entry)}</dd>
        <dt>{t('campaigns.col.email')}</dt>
        <dd>{personal(ctx.i18n, entry.email, entry)}</dd>
        <dt>{t('campaigns.col.state')}</dt>
        <dd>
          <EntryState i18n={ctx.i18n} entry={entry} />
        </dd>
        <dt>{t('campaigns.col.sent')}</dt>
        <dd>{time(entry.submitted_at)}</dd>
        <dt>{t('campaigns.entry.confirmedAt')}</dt>
        <dd>{entry.confirmed_at ? time(entry.confirmed_at) : '—'}</dd>
        <dt>{t('campaigns.entry.checks')}</dt>
        <dd>{[entry.adult, entry.consent, entry.complete].map((x) => t(x === 1 ? 'campaigns.entry.yes' : 'campaigns.entry.no')).join(', ')}</dd>
        {entry.disqualified_at && (
          <>
            <dt>{t('campaigns.entry.disqualifiedAt')}</dt>
            <dd>
              {time(entry.disqualified_at)}: {entry.disqualified_reason}
            </dd>
            {entry.disqualified_code && (
              <>
                <dt>{t('campaigns.reasonCode.label')}</dt>
                <dd>
                  <ReasonCode i18n={ctx.i18n} code={entry.disqualified_code} />
                </dd>
              </>
            )}
          </>
        )}
      </dl>
      <h2>{t('campaigns.entry.votes')}</h2>
      <ul>
        {campaign.categories.map((c) => (
          <li key={c.id}>
            {c.title}: {c.nominees.find((n) => n.id === ballot[c.id])?.title ?? '—'}
          </li>
        ))}
      </ul>
      <h2>{t('campaigns.entry.answers')}</h2>
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
          <h2>{t('campaigns.entry.history')}</h2>
          <ul>
            {events.map((e) => {
              const action = EVENT_TEXT[e.action];
              return (
                <li key={e.id}>
                  {t('campaigns.entry.event', { at: time(e.at), action: action ? t(action) : e.action, actor: e.actor ?? t('campaigns.entry.unknownActor') })}
                  {e.reason ? `: ${e.reason}` : ''}
                </li>
              );
            })}
          </ul>
        </>
      )}
      {!entry.disqualified_at && (
        <form method="post" action={`/admin/campaigns/${stored.slug}/entries/${entry.code}/disqualify`} class="stack narrow box">
          <h2>{t('campaigns.disqualify.heading')}</h2>
          <p class="hint">
            {t('campaigns.disqualify.hint')} {t(props.frozen ? 'campaigns.disqualify.frozen' : 'campaigns.disqualify.notFrozen')}
          </p>
          <Csrf ctx={ctx} />
          <label>
            {t('campaigns.reasonCode.label')} <span class="hint">{t('campaigns.reasonCode.hint')}</span>
            <select name="reason_code" required>
              <option value="" selected={!props.reasonCode}>
                {t('campaigns.reasonCode.choose')}
              </option>
              {DISQUALIFY_REASONS.map((code) => (
                <option key={code} value={code} selected={props.reasonCode === code}>
                  {code}: {reasonWords(ctx.i18n, code)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('campaigns.field.reason')} <span class="hint">{t('campaigns.disqualify.reasonHint')}</span>
            <textarea name="reason" required maxLength={REASON_MAX} rows={3}>
              {props.reason ?? ''}
            </textarea>
          </label>
          <button type="submit" class="danger">
            {t('campaigns.disqualify.submit')}
          </button>
        </form>
      )}
    </AdminLayout>
  );
}
