import type { AuditEntry } from '../../audit/audit';
import type { PageContext } from '../context';
import { AdminLayout } from './layout';
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
  const { t } = ctx.i18n;
  const link = (p: number) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v);
    params.set('page', String(p));
    return `/admin/audit?${params.toString()}`;
  };
  return (
    <AdminLayout ctx={ctx} title={t('audit.title')} section="audit">
      <h1>{t('audit.title')}</h1>
      <form method="get" action="/admin/audit" class="filters" role="search">
        <label>
          {t('audit.who')}
          <input name="actor" value={filters.actor} maxLength={254} />
        </label>
        <label>
          {t('audit.action')}
          <select name="action">
            <option value="">{t('audit.any')}</option>
            {actions.map((a) => (
              <option key={a} value={a} selected={filters.action === a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('audit.target')}
          <input name="target" value={filters.target} maxLength={300} placeholder="article:12" />
        </label>
        <label>
          {t('audit.from')}
          <input type="date" name="from" value={filters.from} />
        </label>
        <label>
          {t('audit.until')}
          <input type="date" name="to" value={filters.to} />
        </label>
        <button type="submit">{t('audit.filter')}</button>
      </form>
      <p class="count">{ctx.i18n.tn('audit.count', total)}</p>
      <table class="list audit">
        <TableHead columns={[t('audit.col.when', { zone: ctx.zone }), t('audit.col.who'), t('audit.action'), t('audit.target'), t('audit.col.details')]} />
        <tbody>
          {items.map((e) => (
            <tr key={e.id}>
              <td>{ctx.i18n.time(e.at)}</td>
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
        <nav class="pager" aria-label={t('audit.pages')}>
          {page > 1 && <a href={link(page - 1)}>{t('audit.newer')}</a>} <span>{t('audit.page', { page: ctx.i18n.number(page), pages: ctx.i18n.number(pages) })}</span>{' '}
          {page < pages && <a href={link(page + 1)}>{t('audit.older')}</a>}
        </nav>
      )}
    </AdminLayout>
  );
}
