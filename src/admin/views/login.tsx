import type { PageContext } from '../context';
import { AdminLayout, Csrf, Notice } from './layout';

interface LoginProps {
  ctx: PageContext;
  email: string;
  next: string;
  error?: string;
  notice?: string;
}

export function LoginView({ ctx, email, next, error, notice }: LoginProps) {
  return (
    <AdminLayout ctx={ctx} title="Sign in">
      <h1>Sign in</h1>
      <Notice text={notice} />
      <Notice text={error} kind="error" />
      <form method="post" action="/admin/login" class="stack narrow">
        <Csrf ctx={ctx} />
        <input type="hidden" name="next" value={next} />
        <label>
          Email
          <input type="email" name="email" value={email} autoComplete="username" required maxLength={254} autoFocus />
        </label>
        <label>
          Password
          <input type="password" name="password" autoComplete="current-password" required maxLength={1024} />
        </label>
        <button type="submit">Sign in</button>
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
  return (
    <AdminLayout ctx={ctx} title="Set your password">
      <h1>Set your password</h1>
      {email === null ? (
        <p class="notice notice-error" role="alert">
          This link is invalid, already used or expired. Ask an admin for a new one (paddock user add, or Users → New link).
        </p>
      ) : (
        <>
          <p>
            For <strong>{email}</strong>. At least 12 characters; a passphrase of several words is easiest to remember.
          </p>
          <Notice text={error} kind="error" />
          <form method="post" action="/admin/set-password" class="stack narrow">
            <Csrf ctx={ctx} />
            <input type="hidden" name="token" value={token} />
            <input type="email" name="email" value={email} autoComplete="username" hidden readOnly />
            <label>
              New password
              <input type="password" name="password" autoComplete="new-password" required minLength={12} maxLength={1024} />
            </label>
            <label>
              Repeat it
              <input type="password" name="confirm" autoComplete="new-password" required minLength={12} maxLength={1024} />
            </label>
            <button type="submit">Set password</button>
          </form>
        </>
      )}
    </AdminLayout>
  );
}
