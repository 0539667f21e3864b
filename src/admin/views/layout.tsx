import type { ComponentChildren } from 'preact';
import { DateTime } from 'luxon';
import type { PageContext } from '../context';

interface Props {
  ctx: PageContext;
  title: string;
  /** Which menu item is current. */
  section?: 'articles' | 'media' | 'campaigns' | 'users' | 'redirects' | 'authors' | 'audit' | 'webhooks' | 'api-keys';
  /** The page has a file drop zone (admin/media-drop.js); the media pages always do. */
  dropZone?: boolean;
  children: ComponentChildren;
}

/** The back office's frame: English only (the newsroom's working language), never indexed, never cached. */
export function AdminLayout({ ctx, title, section, dropZone, children }: Props) {
  const { user } = ctx;
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${title} — ${ctx.siteName} admin`}</title>
        <link rel="stylesheet" href="/admin/static/admin.css" />
        {(section === 'media' || dropZone) && <script src="/admin/static/media-drop.js" defer />}
      </head>
      <body class="admin">
        <header class="admin-header">
          <a class="admin-home" href="/admin">
            {ctx.siteName} admin
          </a>
          {user && (
            <nav aria-label="Admin">
              <a href="/admin/articles" aria-current={section === 'articles' ? 'page' : undefined}>
                Articles
              </a>
              <a href="/admin/media" aria-current={section === 'media' ? 'page' : undefined}>
                Media
              </a>
              {user.role === 'admin' && (
                <>
                  <a href="/admin/campaigns" aria-current={section === 'campaigns' ? 'page' : undefined}>
                    Campaigns
                  </a>
                  <a href="/admin/users" aria-current={section === 'users' ? 'page' : undefined}>
                    Users
                  </a>
                  <a href="/admin/redirects" aria-current={section === 'redirects' ? 'page' : undefined}>
                    Redirects
                  </a>
                  <a href="/admin/authors" aria-current={section === 'authors' ? 'page' : undefined}>
                    Authors
                  </a>
                  <a href="/admin/api-keys" aria-current={section === 'api-keys' ? 'page' : undefined}>
                    API keys
                  </a>
                  <a href="/admin/audit" aria-current={section === 'audit' ? 'page' : undefined}>
                    Audit log
                  </a>
                  <a href="/admin/webhooks" aria-current={section === 'webhooks' ? 'page' : undefined}>
                    Webhooks
                  </a>
                </>
              )}
              <a href="/">View site</a>
            </nav>
          )}
          {user && (
            <form class="admin-logout" method="post" action="/admin/logout">
              <input type="hidden" name="_csrf" value={ctx.csrf} />
              <span class="who">
                {user.email} ({user.role})
              </span>{' '}
              <button type="submit">Sign out</button>
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
