import type { Redirect } from '../../articles/redirects/repository';
import type { PageContext } from '../context';
import { AdminLayout, Csrf, Notice } from './layout';
import { rich } from '../i18n/rich';
import { TableHead } from '../../web/table-head';

export interface RedirectsViewProps {
  ctx: PageContext;
  redirects: Redirect[];
  total: number;
  /** The last source path shown, when more follow (keyset paging on from_path). */
  next: string | null;
  notice?: string | null;
  error?: string | null;
  form?: { from: string; to: string; status: string };
}

export function RedirectsView(props: RedirectsViewProps) {
  const { ctx, redirects, notice, error, form } = props;
  const { t } = ctx.i18n;
  return (
    <AdminLayout ctx={ctx} title={t('redirects.title')} section="redirects">
      <h1>{t('redirects.title')}</h1>
      <p class="hint">
        {rich(t('redirects.hint'), { command: <code>paddock redirects import FILE</code> })} {t('redirects.total', { n: ctx.i18n.number(props.total) })}
      </p>
      <Notice text={notice} />
      <Notice text={error} kind="error" />
      <h2>{t('redirects.add.heading')}</h2>
      <form method="post" action="/admin/redirects" class="stack narrow">
        <Csrf ctx={ctx} />
        <label>
          {t('redirects.from')}
          <input name="from" required maxLength={2000} placeholder="/2019/05/old-post/" value={form?.from ?? ''} />
        </label>
        <label>
          {t('redirects.to')}
          <input name="to" required maxLength={2000} placeholder="/news/new-post" value={form?.to ?? ''} />
        </label>
        <label>
          {t('redirects.kind')}
          <select name="status">
            <option value="301" selected={form?.status !== '302'}>
              {t('redirects.301')}
            </option>
            <option value="302" selected={form?.status === '302'}>
              {t('redirects.302')}
            </option>
          </select>
        </label>
        <button type="submit">{t('redirects.add')}</button>
      </form>
      <table class="list">
        <TableHead columns={[t('redirects.col.from'), t('redirects.col.to'), t('redirects.kind'), t('redirects.col.added'), '']} />
        <tbody>
          {redirects.map((r) => (
            <tr key={r.from}>
              <td>
                <code>{r.from}</code>
              </td>
              <td>
                <code>{r.to}</code>
              </td>
              <td>{r.status}</td>
              <td>
                {ctx.i18n.time(r.createdAt)} {r.createdBy ? `(${r.createdBy})` : ''}
              </td>
              <td class="row-actions">
                <form method="post" action="/admin/redirects/remove">
                  <Csrf ctx={ctx} />
                  <input type="hidden" name="from" value={r.from} />
                  <button type="submit" class="danger">
                    {t('redirects.remove')}
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.next !== null && (
        <p>
          <a href={`/admin/redirects?after=${encodeURIComponent(props.next)}`}>{t('redirects.more')}</a>
        </p>
      )}
    </AdminLayout>
  );
}
