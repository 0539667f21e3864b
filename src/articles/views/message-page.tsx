import { ArticleCard } from './article-card';
import type { ArticleLink } from '../model';
import type { SiteContext } from '../../web/context';
import { Layout } from '../../web/layout';

interface Props {
  site: SiteContext;
  title: string;
  text: string;
  /** Offered on a 404 so the reader has somewhere to go. */
  latest?: ArticleLink[];
}

/** 404, 400 and 500 pages: say what happened and give the reader a way on. */
export function MessagePage({ site, title, text, latest = [] }: Props) {
  return (
    <Layout site={site} title={title} description={text} noindex>
      <h1>{title}</h1>
      <p>{text}</p>
      {latest.length > 0 && (
        <>
          <p>{site.i18n.t('notfound.suggest')}</p>
          <div class="cards">
            {latest.map((a) => (
              <ArticleCard key={a.id} site={site} article={a} headingLevel={2} />
            ))}
          </div>
        </>
      )}
      <p>
        <a href="/">{site.i18n.t('nav.home')}</a>
      </p>
    </Layout>
  );
}
