import type { User } from '../../accounts/users';
import type { PageContext } from '../context';
import { AdminLayout, Csrf, formatTime, Notice } from './layout';
import { TableHead } from '../../web/table-head';

export interface IssuedLink {
  email: string;
  link: string;
  expiresAt: string;
}

export function UsersView(props: { ctx: PageContext; users: User[]; issued?: IssuedLink | null; notice?: string | null; error?: string | null; email?: string; role?: string }) {
  const { ctx, users, issued, notice, error } = props;
  return (
    <AdminLayout ctx={ctx} title="Users" section="users">
      <h1>Users</h1>
      <Notice text={notice} />
      <Notice text={error} kind="error" />
      {issued && (
        <section class="box issued" aria-labelledby="issued-heading">
          <h2 id="issued-heading">Set-password link for {issued.email}</h2>
          <p>
            Send this link to the person; it works once, until {formatTime(issued.expiresAt, ctx.zone)}. It is shown only now.
          </p>
          <p>
            <input class="link" readOnly value={issued.link} aria-label="Set-password link" />
          </p>
        </section>
      )}
      <table class="list">
        <TableHead columns={['Email', 'Role', 'State', 'Since', '']} />
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <td>{u.email}</td>
              <td>{u.role}</td>
              <td>{u.disabled ? 'disabled' : u.hasPassword ? 'active' : 'waiting for a password'}</td>
              <td>{formatTime(u.createdAt, ctx.zone)}</td>
              <td class="row-actions">
                {u.email !== ctx.user?.email && (
                  <form method="post" action={`/admin/users/${u.id}/${u.disabled ? 'enable' : 'disable'}`}>
                    <Csrf ctx={ctx} />
                    <button type="submit" class={u.disabled ? 'secondary' : 'danger'}>
                      {u.disabled ? 'Enable' : 'Disable'}
                    </button>
                  </form>
                )}
                {!u.disabled && (
                  <form method="post" action={`/admin/users/${u.id}/link`}>
                    <Csrf ctx={ctx} />
                    <button type="submit" class="secondary">
                      New set-password link
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Add a user</h2>
      <form method="post" action="/admin/users" class="stack narrow">
        <Csrf ctx={ctx} />
        <label>
          Email
          <input type="email" name="email" required maxLength={254} value={props.email ?? ''} />
        </label>
        <label>
          Role
          <select name="role">
            <option value="contributor" selected={props.role === 'contributor'}>
              contributor — writes own drafts and submits them for review
            </option>
            <option value="editor" selected={props.role !== 'admin' && props.role !== 'contributor'}>
              editor — articles and summaries
            </option>
            <option value="admin" selected={props.role === 'admin'}>
              admin — also campaigns, entrants, draws and users
            </option>
          </select>
        </label>
        <button type="submit">Add and make a set-password link</button>
      </form>
    </AdminLayout>
  );
}
