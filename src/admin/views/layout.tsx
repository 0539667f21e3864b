import type { ComponentChildren } from 'preact';
import { DateTime } from 'luxon';
import type { PageContext } from '../context';
import type { AdminKey } from '../i18n';

interface Props {
  ctx: PageContext;
  title: string;
  /** Which menu item is current. */
  section?: 'articles' | 'review' | 'schedule' | 'media' | 'campaigns' | 'users' | 'redirects' | 'authors' | 'audit' | 'webhooks' | 'api-keys' | 'account';
  /** The page has a file drop zone (admin/media-drop.js); the media pages always do. */
  dropZone?: boolean;
  children: ComponentChildren;
}

/** The back office's frame, in the signed-in person's language; never indexed, never cached. */
export function AdminLayout({ ctx, title, section, dropZone, children }: Props) {
  const { user } = ctx;
  const { t } = ctx.i18n;
  const item = (to: NonNullable<Props['section']>, href: string, label: AdminKey) => (
    <a href={href} aria-current={section === to ? 'page' : undefined}>
      {t(label)}
    </a>
  );
  return (
    <html lang={ctx.i18n.lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{t('layout.title', { title, site: ctx.siteName })}</title>
        <link rel="stylesheet" href="/admin/static/admin.css" />
        {(section === 'media' || dropZone) && <script src="/admin/static/media-drop.js" defer data-chosen={t('media.drop.chosen')} />}
      </head>
      <body class="admin">
        <header class="admin-header">
          <a class="admin-home" href="/admin">
            {t('layout.home', { site: ctx.siteName })}
          </a>
          {user && (
            <nav aria-label={t('layout.nav')}>
              {item('articles', '/admin/articles', 'nav.articles')}
              {user.role !== 'contributor' && (
                <>
                  {item('review', '/admin/review', 'nav.review')}
                  {item('schedule', '/admin/schedule', 'nav.schedule')}
                </>
              )}
              {item('media', '/admin/media', 'nav.media')}
              {user.role === 'admin' && (
                <>
                  {item('campaigns', '/admin/campaigns', 'nav.campaigns')}
                  {item('users', '/admin/users', 'nav.users')}
                  {item('redirects', '/admin/redirects', 'nav.redirects')}
                  {item('authors', '/admin/authors', 'nav.authors')}
                  {item('api-keys', '/admin/api-keys', 'nav.apiKeys')}
                  {item('audit', '/admin/audit', 'nav.audit')}
                  {item('webhooks', '/admin/webhooks', 'nav.webhooks')}
                </>
              )}
              {item('account', '/admin/account', 'nav.account')}
              <a href="/">{t('nav.viewSite')}</a>
            </nav>
          )}
          {user && (
            <form class="admin-logout" method="post" action="/admin/logout">
              <input type="hidden" name="_csrf" value={ctx.csrf} />
              <span class="who">
                {user.email} ({t(`role.${user.role}`)})
              </span>{' '}
              <button type="submit">{t('layout.signOut')}</button>
            </form>
          )}
        </header>
        <main id="main" class="admin-main">
          {children}
        </main>
      </body>
    </html>
  );
}

export function Csrf({ ctx }: { ctx: PageContext }) {
  return <input type="hidden" name="_csrf" value={ctx.csrf} />;
}

export function Notice({ text, kind = 'ok' }: { text: string | null | undefined; kind?: 'ok' | 'error' }) {
  if (!text) return null;
  return (
    <p class={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {text}
    </p>
  );
}

export function formatTime(iso: string, zone: string): string {
  return DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone).toFormat('yyyy-LL-dd HH:mm');
}
