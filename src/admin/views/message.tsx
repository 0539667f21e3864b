import type { PageContext } from '../context';
import { AdminLayout } from './layout';

export function MessageView({ ctx, title, text }: { ctx: PageContext; title: string; text: string }) {
  return (
    <AdminLayout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p class="notice notice-error" role="alert">
        {text}
      </p>
      <p>{ctx.user ? <a href="/admin">{ctx.i18n.t('message.back')}</a> : <a href="/admin/login">{ctx.i18n.t('message.signIn')}</a>}</p>
    </AdminLayout>
  );
}
