import type { SiteContext } from '../../web/context';
import type { ArticleLink } from '../model';
import type { Snippet } from '../search';

/** A search result shows the passage that matched, its words marked, instead of the standfirst. */
export function ArticleCard({ site, article, headingLevel = 2, snippet }: { site: SiteContext; article: ArticleLink; headingLevel?: 2 | 3; snippet?: Snippet | undefined }) {
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
        {snippet && snippet.length > 0 ? (
          <p class="card-snippet">{snippet.map((part) => (part.hit ? <mark>{part.text}</mark> : part.text))}</p>
        ) : (
          article.standfirst && <p class="card-standfirst">{article.standfirst}</p>
        )}
        <time dateTime={article.publishedAt}>{site.i18n.formatDate(article.publishedAt)}</time>
      </div>
    </article>
  );
}
