import type { AuditEntry } from '../../audit/audit';
import type { PageContext } from '../context';
import { AdminLayout, formatTime } from './layout';
import { TableHead } from '../../web/table-head';

export interface AuditFilters {
  actor: string;
  action: string;
  target: string;
  from: string;
  to: string;
}

export function AuditView(props: { ctx: PageContext; items: AuditEntry[]; total: number; page: number; pages: number; filters: AuditFilters; actions: string[] }) {
  const { ctx, items, total, page, pages, filters, actions } = props;
  const link = (p: number) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v);
    params.set('page', String(p));
    return `/admin/audit?${params.toString()}`;
  };
  return (
    <AdminLayout ctx={ctx} title="Audit log" section="audit">
      <h1>Audit log</h1>
      <form method="get" action="/admin/audit" class="filters" role="search">
        <label>
          Who (email)
          <input name="actor" value={filters.actor} maxLength={254} />
        </label>
        <label>
          Action
          <select name="action">
            <option value="">Any</option>
            {actions.map((a) => (
              <option key={a} value={a} selected={filters.action === a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label>
          Target
          <input name="target" value={filters.target} maxLength={300} placeholder="article:12" />
        </label>
        <label>
          From (date)
          <input type="date" name="from" value={filters.from} />
        </label>
        <label>
          Until (date)
          <input type="date" name="to" value={filters.to} />
        </label>
        <button type="submit">Filter</button>
      </form>
      <p class="count">{total === 1 ? '1 event' : `${total} events`}</p>
      <table class="list audit">
        <TableHead columns={[`When (${ctx.zone})`, 'Who', 'Action', 'Target', 'Details']} />
        <tbody>
          {items.map((e) => (
            <tr key={e.id}>
              <td>{formatTime(e.at, ctx.zone)}</td>
              <td>{e.actor ?? '—'}</td>
              <td>{e.action}</td>
              <td>{e.target ?? ''}</td>
              <td>
                <code>{e.details ? JSON.stringify(e.details) : ''}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {pages > 1 && (
        <nav class="pager" aria-label="Pages">
          {page > 1 && <a href={link(page - 1)}>Newer</a>} <span>
            Page {page} of {pages}
          </span>{' '}
          {page < pages && <a href={link(page + 1)}>Older</a>}
        </nav>
      )}
    </AdminLayout>
  );
}
