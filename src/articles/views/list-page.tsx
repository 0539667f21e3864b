import type { ComponentChildren } from 'preact';
import type { SiteContext } from '../../web/context';
import { Layout } from '../../web/layout';
import type { ArticleLink } from '../model';
import { ArticleCard } from './article-card';

interface Props {
  site: SiteContext;
  title: string;
  description: string;
  /** Path without the page query, e.g. `/rubric/news`. */
  path: string;
  items: ArticleLink[];
  page: number;
  pages: number;
  /** Link to page n; by default `path?page=n`. */
  pageHref?: (n: number) => string;
  /** Shown above the list (the search form). */
  intro?: ComponentChildren;
  /** Said when there is nothing to list. */
  empty?: string;
}

export function ListPage({ site, title, description, path, items, page, pages, pageHref = (n) => (n === 1 ? path : `${path}?page=${n}`), intro, empty }: Props) {
  const { t } = site.i18n;
  return (
    <Layout site={site} title={page > 1 ? `${title} (${t('list.page', { page, pages })})` : title} description={description} path={pageHref(page)}>
      <h1>{title}</h1>
      {intro}
      {items.length === 0 ? (
        <p>{empty ?? t('front.empty')}</p>
      ) : (
        <div class="cards">
          {items.map((a) => (
            <ArticleCard key={a.id} site={site} article={a} />
          ))}
        </div>
      )}
      {pages > 1 && (
        <nav class="pagination" aria-label={t('list.pagination')}>
          {page > 1 && (
            <a href={pageHref(page - 1)} rel="prev">
              {t('list.newer')}
            </a>
          )}
          <span aria-current="page">{t('list.page', { page, pages })}</span>
          {page < pages && (
            <a href={pageHref(page + 1)} rel="next">
              {t('list.older')}
            </a>
          )}
        </nav>
      )}
    </Layout>
  );
}
