import { Picture, SIZES, type PicturePriority } from '../../media/picture';
import type { SiteContext } from '../../web/context';
import { heroText, isLibraryHero, type ArticleLink } from '../model';
import type { Snippet } from '../search';

/**
 * A search result shows the passage that matched, its words marked, instead of the standfirst.
 * `imagePriority`: the first cards of a page are in view at once and load as usual; the rest wait
 * until the reader scrolls near them (the default).
 */
export function ArticleCard({ site, article, headingLevel = 2, snippet, imagePriority = 'lazy' }: { site: SiteContext; article: ArticleLink; headingLevel?: 2 | 3; snippet?: Snippet | undefined; imagePriority?: PicturePriority }) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const hero = article.hero;
  return (
    <article class="card">
      {hero && isLibraryHero(hero)
        ? article.heroImage && <Picture class="card-image" image={article.heroImage} alt={heroText(hero, article.heroImage).alt} sizes={SIZES.card} priority={imagePriority} />
        : hero && <img class="card-image" src={hero.url} alt={hero.alt} width={400} height={225} loading={imagePriority === 'lazy' ? 'lazy' : undefined} decoding={imagePriority === 'lazy' ? 'async' : undefined} />}
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
        {article.authors && article.authors.length > 0 && (
          <p class="card-byline">
            {article.authors.map((p, i) => (
              <>
                {i > 0 && ', '}
                <a href={`/author/${p.slug}`} rel="author">
                  {p.name}
                </a>
              </>
            ))}
          </p>
        )}
        <time dateTime={article.publishedAt}>{site.i18n.formatDate(article.publishedAt)}</time>
      </div>
    </article>
  );
}
