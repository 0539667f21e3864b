import type { ComponentChildren } from 'preact';
import type { SiteContext } from './context';

export interface LayoutProps {
  site: SiteContext;
  title: string;
  description: string;
  /** Canonical path of the page, e.g. `/news/some-slug`. */
  path?: string;
  children: ComponentChildren;
  noindex?: boolean;
  /** This page's own feeds besides the site's (a rubric's, tag's or author's): their address without `.xml`/`.json`. */
  feed?: { title: string; path: string };
  /** More of <head>: a page's link-preview tags and structured data (articles/seo/head.tsx). */
  head?: ComponentChildren;
}

export function Layout({ site, title, description, path, children, noindex, feed, head }: LayoutProps) {
  const { t, lang } = site.i18n;
  const fullTitle = title === site.config.SITE_NAME ? title : `${title} — ${site.config.SITE_NAME}`;
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{fullTitle}</title>
        <meta name="description" content={description} />
        {path !== undefined && <link rel="canonical" href={new URL(path, site.config.SITE_URL).href} />}
        {noindex && <meta name="robots" content="noindex" />}
        {head}
        <link rel="alternate" type="application/rss+xml" title={site.config.SITE_NAME} href="/feed.xml" />
        <link rel="alternate" type="application/feed+json" title={site.config.SITE_NAME} href="/feed.json" />
        {feed && <link rel="alternate" type="application/rss+xml" title={feed.title} href={`${feed.path}.xml`} />}
        {feed && <link rel="alternate" type="application/feed+json" title={feed.title} href={`${feed.path}.json`} />}
        <link rel="stylesheet" href="/static/site.css" />
        <script src="/static/site.js" defer />
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t('nav.skip')}
        </a>
        <header class="site-header">
          <div class="wrap">
            <a class="site-name" href="/">
              {site.config.SITE_NAME}
            </a>
            <p class="tagline">{t('site.tagline')}</p>
            <form class="site-search" role="search" method="get" action="/search">
              <label for="site-search-q" class="visually-hidden">
                {t('search.label')}
              </label>
              <input id="site-search-q" name="q" type="search" maxLength={200} />
              <button type="submit">{t('search.button')}</button>
            </form>
            <nav aria-label={t('nav.rubrics')}>
              <ul class="rubric-nav">
                {site.rubrics.map((r) => (
                  <li key={r.slug}>
                    <a href={`/rubric/${r.slug}`} aria-current={path?.split('?')[0] === `/rubric/${r.slug}` ? 'page' : undefined}>
                      {site.i18n.rubricName(r.slug, r.name)}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          </div>
        </header>
        <main id="main" class="wrap" tabIndex={-1}>
          {children}
        </main>
        <footer class="site-footer">
          <div class="wrap">
            <p>{t('footer.about')}</p>
            <p>
              <a href="/feed.xml">{t('footer.feed')}</a>
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}
