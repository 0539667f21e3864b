import type { SiteContext } from '../../web/context';
import type { Article } from '../model';
import { shareImages } from './share-images';
import { absolute, breadcrumbLd, dateModified, jsonLd, LOGO, newsArticleLd, organizationLd, websiteLd } from './structured-data';

/*
 * What an article page and the front page add to <head> for search engines and link previews:
 * JSON-LD (structured-data.ts), OpenGraph and Twitter card tags. JSON-LD is data, never run, so
 * the CSP's script-src (no inline script) stays as it is.
 */

const LOCALES = { en: 'en_US', ru: 'ru_RU' } as const;

function JsonLd({ data }: { data: unknown }) {
  // Escaped by jsonLd(): no `<` survives, so the text cannot close the element.
  return <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonLd(data) }} />;
}

export function ArticleHead({ site, article, description }: { site: SiteContext; article: Article; description: string }) {
  const { config } = site;
  const url = absolute(config, `/news/${article.slug}`);
  const section = article.rubric ? site.i18n.rubricName(article.rubric.slug, article.rubric.name) : null;
  const images = shareImages(config, article);
  const image = images.preview;
  return (
    <>
      <meta property="og:type" content="article" />
      <meta property="og:site_name" content={config.SITE_NAME} />
      <meta property="og:locale" content={LOCALES[config.SITE_LANG]} />
      <meta property="og:url" content={url} />
      <meta property="og:title" content={article.title} />
      <meta property="og:description" content={description} />
      <meta property="og:image" content={image.url} />
      <meta property="og:image:type" content={image.type} />
      <meta property="og:image:width" content={String(image.width)} />
      <meta property="og:image:height" content={String(image.height)} />
      <meta property="og:image:alt" content={image.alt} />
      <meta property="article:published_time" content={article.publishedAt} />
      <meta property="article:modified_time" content={dateModified(article)} />
      {section && <meta property="article:section" content={section} />}
      {article.tags.map((tag) => (
        <meta key={`tag-${tag.slug}`} property="article:tag" content={tag.name} />
      ))}
      {article.authors.length > 0
        ? article.authors.map((p) => <meta key={`author-${p.slug}`} property="article:author" content={absolute(config, `/author/${p.slug}`)} />)
        : article.author.trim() && <meta property="article:author" content={article.author.trim()} />}
      <meta name="twitter:card" content="summary_large_image" />
      <meta name="twitter:title" content={article.title} />
      <meta name="twitter:description" content={description} />
      <meta name="twitter:image" content={image.url} />
      <meta name="twitter:image:alt" content={image.alt} />
      <JsonLd data={newsArticleLd(config, article, { description, section, images })} />
      <JsonLd data={breadcrumbLd(config, article, section)} />
    </>
  );
}

/** The front page: the site with its search, and the organization behind it (with its logo). */
export function FrontHead({ site, description }: { site: SiteContext; description: string }) {
  const { config } = site;
  const logo = absolute(config, LOGO.path);
  return (
    <>
      <meta property="og:type" content="website" />
      <meta property="og:site_name" content={config.SITE_NAME} />
      <meta property="og:locale" content={LOCALES[config.SITE_LANG]} />
      <meta property="og:url" content={absolute(config, '/')} />
      <meta property="og:title" content={config.SITE_NAME} />
      <meta property="og:description" content={description} />
      <meta property="og:image" content={logo} />
      <meta property="og:image:width" content={String(LOGO.width)} />
      <meta property="og:image:height" content={String(LOGO.height)} />
      <meta property="og:image:alt" content={config.SITE_NAME} />
      <meta name="twitter:card" content="summary" />
      <JsonLd data={websiteLd(config)} />
      <JsonLd data={{ '@context': 'https://schema.org', ...organizationLd(config) }} />
    </>
  );
}
