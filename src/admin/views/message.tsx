import type { PageContext } from '../context';
import { AdminLayout } from './layout';

export function MessageView({ ctx, title, text }: { ctx: PageContext; title: string; text: string }) {
  return (
    <AdminLayout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p class="notice notice-error" role="alert">
        {text}
      </p>
      <p>{ctx.user ? <a href="/admin">Back to the admin</a> : <a href="/admin/login">Sign in</a>}</p>
    </AdminLayout>
  );
}
