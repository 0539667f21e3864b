import type { User } from '../../accounts/users';
import type { Lang } from '../../i18n/messages';
import type { PageContext } from '../context';
import { LanguageOptions } from './account';
import { AdminLayout, Csrf, Notice } from './layout';
import { TableHead } from '../../web/table-head';

export interface IssuedLink {
  email: string;
  link: string;
  expiresAt: string;
}

export interface UsersViewProps {
  ctx: PageContext;
  users: User[];
  siteLang: Lang;
  issued?: IssuedLink | null;
  notice?: string | null;
  error?: string | null;
  /** The add form as it was sent, when it was refused. */
  form?: { email: string; role: string; lang: string };
}

export function UsersView(props: UsersViewProps) {
  const { ctx, users, issued, notice, error, form, siteLang } = props;
  const { t } = ctx.i18n;
  const formLang = form?.lang === 'en' || form?.lang === 'ru' ? form.lang : null;
  return (
    <AdminLayout ctx={ctx} title={t('users.title')} section="users">
      <h1>{t('users.title')}</h1>
      <Notice text={notice} />
      <Notice text={error} kind="error" />
      {issued && (
        <section class="box issued" aria-labelledby="issued-heading">
          <h2 id="issued-heading">{t('users.issued.heading', { email: issued.email })}</h2>
          <p>{t('users.issued.text', { time: ctx.i18n.time(issued.expiresAt) })}</p>
          <p>
            <input class="link" readOnly value={issued.link} aria-label={t('users.issued.label')} />
          </p>
        </section>
      )}
      <table class="list">
        <TableHead columns={[t('users.field.email'), t('users.field.role'), t('users.field.language'), t('users.col.state'), t('users.col.since'), '']} />
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <td>{u.email}</td>
              <td>{t(`role.${u.role}`)}</td>
              <td>
                <form method="post" action={`/admin/users/${u.id}/lang`} class="inline">
                  <Csrf ctx={ctx} />
                  <select name="lang" aria-label={t('users.langOf', { email: u.email })}>
                    <LanguageOptions ctx={ctx} value={u.lang} siteLang={siteLang} />
                  </select>{' '}
                  <button type="submit" class="secondary">
                    {t('users.setLang')}
                  </button>
                </form>
              </td>
              <td>{u.disabled ? t('users.state.disabled') : u.hasPassword ? t('users.state.active') : t('users.state.waiting')}</td>
              <td>{ctx.i18n.time(u.createdAt)}</td>
              <td class="row-actions">
                {u.email !== ctx.user?.email && (
                  <form method="post" action={`/admin/users/${u.id}/${u.disabled ? 'enable' : 'disable'}`}>
                    <Csrf ctx={ctx} />
                    <button type="submit" class={u.disabled ? 'secondary' : 'danger'}>
                      {u.disabled ? t('users.enable') : t('users.disable')}
                    </button>
                  </form>
                )}
                {!u.disabled && (
                  <>
                    <form method="post" action={`/admin/users/${u.id}/link`}>
                      <Csrf ctx={ctx} />
                      <button type="submit" class="secondary">
                        {t('users.newLink')}
                      </button>
                    </form>
                    <form method="post" action={`/admin/users/${u.id}/mail`}>
                      <Csrf ctx={ctx} />
                      <button type="submit" class="secondary">
                        {t('users.mailLink')}
                      </button>
                    </form>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('users.add.heading')}</h2>
      <form method="post" action="/admin/users" class="stack narrow">
        <Csrf ctx={ctx} />
        <label>
          {t('users.field.email')}
          <input type="email" name="email" required maxLength={254} value={form?.email ?? ''} />
        </label>
        <label>
          {t('users.field.role')}
          <select name="role">
            <option value="contributor" selected={form?.role === 'contributor'}>
              {t('users.add.contributor')}
            </option>
            <option value="editor" selected={form?.role !== 'admin' && form?.role !== 'contributor'}>
              {t('users.add.editor')}
            </option>
            <option value="admin" selected={form?.role === 'admin'}>
              {t('users.add.admin')}
            </option>
          </select>
        </label>
        <label>
          {t('users.field.language')}
          <select name="lang">
            <LanguageOptions ctx={ctx} value={formLang} siteLang={siteLang} />
          </select>
        </label>
        <label class="check">
          <input type="checkbox" name="mail" value="1" /> {t('users.add.mail')}
        </label>
        <button type="submit">{t('users.add.submit')}</button>
      </form>
    </AdminLayout>
  );
}
