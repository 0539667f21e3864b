import { MIN_PASSWORD_LENGTH } from '../../accounts/password';
import type { PageContext } from '../context';
import { AdminLayout, Csrf, Notice } from './layout';
import { rich } from '../i18n/rich';

interface LoginProps {
  ctx: PageContext;
  email: string;
  next: string;
  error?: string;
  notice?: string;
}

export function LoginView({ ctx, email, next, error, notice }: LoginProps) {
  const { t } = ctx.i18n;
  return (
    <AdminLayout ctx={ctx} title={t('login.title')}>
      <h1>{t('login.title')}</h1>
      <Notice text={notice} />
      <Notice text={error} kind="error" />
      <form method="post" action="/admin/login" class="stack narrow">
        <Csrf ctx={ctx} />
        <input type="hidden" name="next" value={next} />
        <label>
          {t('users.field.email')}
          <input type="email" name="email" value={email} autoComplete="username" required maxLength={254} autoFocus />
        </label>
        <label>
          {t('login.password')}
          <input type="password" name="password" autoComplete="current-password" required maxLength={1024} />
        </label>
        <button type="submit">{t('login.submit')}</button>
      </form>
    </AdminLayout>
  );
}

interface SetPasswordProps {
  ctx: PageContext;
  token: string;
  email: string | null;
  error?: string;
}

export function SetPasswordView({ ctx, token, email, error }: SetPasswordProps) {
  const { t } = ctx.i18n;
  return (
    <AdminLayout ctx={ctx} title={t('password.title')}>
      <h1>{t('password.title')}</h1>
      {email === null ? (
        <p class="notice notice-error" role="alert">
          {rich(t('password.invalid'), { command: <code>paddock user link EMAIL</code> })}
        </p>
      ) : (
        <>
          <p>{rich(t('password.for', { min: ctx.i18n.number(MIN_PASSWORD_LENGTH) }), { email: <strong>{email}</strong> })}</p>
          <Notice text={error} kind="error" />
          <form method="post" action="/admin/set-password" class="stack narrow">
            <Csrf ctx={ctx} />
            <input type="hidden" name="token" value={token} />
            <input type="email" name="email" value={email} autoComplete="username" hidden readOnly />
            <label>
              {t('password.new')}
              <input type="password" name="password" autoComplete="new-password" required minLength={MIN_PASSWORD_LENGTH} maxLength={1024} />
            </label>
            <label>
              {t('password.repeat')}
              <input type="password" name="confirm" autoComplete="new-password" required minLength={MIN_PASSWORD_LENGTH} maxLength={1024} />
            </label>
            <button type="submit">{t('password.submit')}</button>
          </form>
        </>
      )}
    </AdminLayout>
  );
}
