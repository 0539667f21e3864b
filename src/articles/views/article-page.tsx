import type { ComponentChildren } from 'preact';
import { Picture, SIZES } from '../../media/picture';
import { SummaryPanel, SummaryToggle } from '../../summary/views';
import type { SiteContext } from '../../web/context';
import { Layout } from '../../web/layout';
import { heroText, isLibraryHero, type Article, type ArticleLink } from '../model';
import { ArticleHead } from '../seo/head';
import { ReadNext } from '../related/read-next';

interface Props {
  site: SiteContext;
  article: Article;
  previous: ArticleLink | null;
  next: ArticleLink | null;
  /** Slot for the Grand Prix promo while a campaign is open. */
  promo?: ComponentChildren;
  /** "Read next": related articles, already without previous and next (articles/related/). */
  related?: readonly ArticleLink[];
}

export function ArticlePage({ site, article, previous, next, promo, related }: Props) {
  const { t, formatDate, rubricName } = site.i18n;
  const path = `/news/${article.slug}`;
  const description = article.standfirst || article.plainText.slice(0, 160);
  return (
    <Layout site={site} title={article.title} description={description} path={path} head={<ArticleHead site={site} article={article} description={description} />}>
      <article class="article" data-slug={article.slug}>
        <header class="article-header">
          {article.rubric && (
            <a class="rubric-label" href={`/rubric/${article.rubric.slug}`}>
              {rubricName(article.rubric.slug, article.rubric.name)}
            </a>
          )}
          <h1>{article.title}</h1>
          {article.standfirst && <p class="standfirst">{article.standfirst}</p>}
          <p class="byline">
            {article.authors.length > 0 ? (
              <span class="author">
                {t(article.authors.length > 1 ? 'article.byPeopleMany' : 'article.byPeople')}{' '}
                {article.authors.map((p, i) => (
                  <>
                    {i > 0 && ', '}
                    <a href={`/author/${p.slug}`} rel="author">
                      {p.name}
                    </a>
                  </>
                ))}{' '}
                ·{' '}
              </span>
            ) : (
              // A byline that names nobody (punctuation only) is still shown as written.
              article.author && <span class="author">{t('article.by', { author: article.author })} · </span>
            )}
            <time dateTime={article.publishedAt}>{formatDate(article.publishedAt)}</time>
          </p>
        </header>
        <SummaryToggle site={site} slug={article.slug} panelId="summary-top" />
        <SummaryPanel site={site} summary={article.summary} edited={article.summaryEdited} id="summary-top" articlePath="" hidden />
        <HeroFigure site={site} article={article} />
        {/* Sanitized by an allowlist when the article was saved (articles/markdown.ts). */}
        <div class="article-body" dangerouslySetInnerHTML={{ __html: article.bodyHtml }} />
        {/* Only pages with a video placeholder need the click-to-load script. */}
        {article.bodyHtml.includes('data-embed-src=') && <script src="/static/embeds.js" defer />}
        {article.tags.length > 0 && (
          <nav class="tags" aria-label={t('article.tags')}>
            <ul>
              {article.tags.map((tag) => (
                <li key={tag.slug}>
                  <a href={`/tag/${tag.slug}`} rel="tag">
                    {tag.name}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        )}
        {promo}
        <SummaryToggle site={site} slug={article.slug} panelId="summary-bottom" />
        <SummaryPanel site={site} summary={article.summary} edited={article.summaryEdited} id="summary-bottom" articlePath="" hidden />
      </article>
      <ReadNext site={site} links={related} />
      <nav class="neighbours" aria-label={t('article.neighbours')}>
        {previous && <NeighbourLink label={t('article.previous')} link={previous} rel="prev" />}
        {next && <NeighbourLink label={t('article.next')} link={next} rel="next" />}
      </nav>
    </Layout>
  );
}

/**
 * The article's main image, at the top: fetched first and at once (it is usually the page's
 * largest paint). A library image as a responsive `<picture>`; one from elsewhere as it was.
 */
function HeroFigure({ site, article }: { site: SiteContext; article: Article }) {
  const hero = article.hero;
  if (!hero) return null;
  const { t } = site.i18n;
  const { alt, credit, caption } = heroText(hero, article.heroImage);
  let image;
  if (isLibraryHero(hero)) {
    if (!article.heroImage) return null;
    image = <Picture image={article.heroImage} alt={alt} sizes={SIZES.article} priority="hero" />;
  } else {
    image = <img src={hero.url} alt={alt} width={1200} height={675} fetchpriority="high" />;
  }
  return (
    <figure class="hero">
      {image}
      {(caption || credit) && (
        <figcaption>
          {caption}
          {caption && credit ? ' ' : ''}
          {credit && <span class="credit">{t('article.image-credit', { credit })}</span>}
        </figcaption>
      )}
    </figure>
  );
}

function NeighbourLink({ label, link, rel }: { label: string; link: ArticleLink; rel: 'prev' | 'next' }) {
  return (
    <a class={`neighbour neighbour-${rel}`} href={`/news/${link.slug}`} rel={rel}>
      <span class="neighbour-label">{label}</span>
      <span class="neighbour-title">{link.title}</span>
    </a>
  );
}
