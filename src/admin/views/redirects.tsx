import type { Redirect } from '../../articles/redirects/repository';
import type { PageContext } from '../context';
import { AdminLayout, Csrf, formatTime, Notice } from './layout';
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
  return (
    <AdminLayout ctx={ctx} title="Redirects" section="redirects">
      <h1>Redirects</h1>
      <p class="hint">
        A request no page answers is sent on to the target. {props.total} in all; imports and address changes add their own; <code>paddock redirects import FILE</code> takes many at once.
      </p>
      <Notice text={notice} />
      <Notice text={error} kind="error" />
      <h2>Add a redirect</h2>
      <form method="post" action="/admin/redirects" class="stack narrow">
        <Csrf ctx={ctx} />
        <label>
          From (an old address on this site)
          <input name="from" required maxLength={2000} placeholder="/2019/05/old-post/" value={form?.from ?? ''} />
        </label>
        <label>
          To (an address here, or a full https:// address)
          <input name="to" required maxLength={2000} placeholder="/news/new-post" value={form?.to ?? ''} />
        </label>
        <label>
          Kind
          <select name="status">
            <option value="301" selected={form?.status !== '302'}>
              301 — moved for good
            </option>
            <option value="302" selected={form?.status === '302'}>
              302 — moved for now
            </option>
          </select>
        </label>
        <button type="submit">Add</button>
      </form>
      <table class="list">
        <TableHead columns={['From', 'To', 'Kind', 'Added', '']} />
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
                {formatTime(r.createdAt, ctx.zone)} {r.createdBy ? `(${r.createdBy})` : ''}
              </td>
              <td class="row-actions">
                <form method="post" action="/admin/redirects/remove">
                  <Csrf ctx={ctx} />
                  <input type="hidden" name="from" value={r.from} />
                  <button type="submit" class="danger">
                    Remove
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.next !== null && (
        <p>
          <a href={`/admin/redirects?after=${encodeURIComponent(props.next)}`}>More redirects</a>
        </p>
      )}
    </AdminLayout>
  );
}
