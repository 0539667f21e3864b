import type { SiteContext } from '../../web/context';
import type { ArticleLink } from '../model';

export function ArticleCard({ site, article, headingLevel = 2 }: { site: SiteContext; article: ArticleLink; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <article class="card">
      {article.hero && <img class="card-image" src={article.hero.url} alt={article.hero.alt} width={400} height={225} loading="lazy" />}
      <div class="card-body">
        {article.rubric && (
          <a class="rubric-label" href={`/rubric/${article.rubric.slug}`}>
            {site.i18n.rubricName(article.rubric.slug, article.rubric.name)}
          </a>
        )}
        <Heading class="card-title">
          <a href={`/news/${article.slug}`}>{article.title}</a>
        </Heading>
        {article.standfirst && <p class="card-standfirst">{article.standfirst}</p>}
        <time dateTime={article.publishedAt}>{site.i18n.formatDate(article.publishedAt)}</time>
      </div>
    </article>
  );
}
