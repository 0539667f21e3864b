import type { SiteContext } from '../../web/context';
import type { ArticleLink } from '../model';
import { ArticleCard } from '../views/article-card';

/** "Read next" under an article: its related articles as cards (nothing when there are none). */
export function ReadNext({ site, links }: { site: SiteContext; links: readonly ArticleLink[] | undefined }) {
  if (!links || links.length === 0) return null;
  const { t } = site.i18n;
  return (
    <section class="read-next" aria-labelledby="read-next-heading">
      <h2 id="read-next-heading">{t('article.readNext')}</h2>
      <div class="cards read-next-cards">
        {links.map((link) => (
          <ArticleCard key={link.id} site={site} article={link} headingLevel={3} />
        ))}
      </div>
    </section>
  );
}
