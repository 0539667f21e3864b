import type { ComponentChildren } from 'preact';
import type { SiteContext } from '../../web/context';
import { Layout } from '../../web/layout';
import type { ArticleLink } from '../model';
import type { Snippet } from '../search';
import { ArticleCard } from './article-card';

/** Cards in the first screen on a desktop (the grid's first row of up to four): their images load at once, the rest lazily. */
export const EAGER_CARDS = 4;

interface Props {
  site: SiteContext;
  title: string;
  /** Added to the document title on pages after the first ("up to 1 May 2024", "page 3"). */
  subtitle?: string | null;
  description: string;
  /** This page's own address, path and query: its canonical link. */
  path: string;
  items: Array<ArticleLink & { snippet?: Snippet }>;
  /** Links to the neighbouring pages (null: none that way). */
  newer?: string | null;
  older?: string | null;
  /** Shown above the list (the search form). */
  intro?: ComponentChildren;
  /** Shown instead of the list when there is nothing to list. */
  empty?: ComponentChildren;
  noindex?: boolean;
  /** More of <head> (the front page's structured data). */
  head?: ComponentChildren;
}

export function ListPage({ site, title, subtitle, description, path, items, newer, older, intro, empty, noindex, head }: Props) {
  const { t } = site.i18n;
  // A rubric's, tag's or author's listing has feeds of its own beside the site's (feed-routes.ts).
  const section = /^\/(?:rubric|tag|author)\/[^/?]+/.exec(path)?.[0];
  const feed = section ? { title: `${title} · ${site.config.SITE_NAME}`, path: `${section}/feed` } : undefined;
  return (
    <Layout site={site} title={subtitle ? `${title} (${subtitle})` : title} description={description} path={path} noindex={noindex} feed={feed} head={head}>
      <h1>{title}</h1>
      {intro}
      {items.length === 0 ? (
        (empty ?? <p>{t('front.empty')}</p>)
      ) : (
        <div class="cards">
          {items.map((a, i) => (
            <ArticleCard key={a.id} site={site} article={a} snippet={a.snippet} imagePriority={i < EAGER_CARDS ? 'auto' : 'lazy'} />
          ))}
        </div>
      )}
      {(newer || older) && (
        <nav class="pagination" aria-label={t('list.pagination')}>
          {newer && (
            <a href={newer} rel="prev">
              {t('list.newer')}
            </a>
          )}
          {older && (
            <a href={older} rel="next">
              {t('list.older')}
            </a>
          )}
        </nav>
      )}
    </Layout>
  );
}
