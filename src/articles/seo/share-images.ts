import type { Config } from '../../config';
import { CROP_NAMES, cropSize, cropUrl, MIME } from '../../media/model';
import { heroText, isLibraryHero, type Article } from '../model';
import { CARD, cardPath } from './share-card';
import { absolute } from './structured-data';

export interface ShareImage {
  url: string;
  width: number;
  height: number;
  type: string;
  alt: string;
}

export interface ShareImages {
  /** The picture a link preview shows (og:image, twitter:image). */
  preview: ShareImage;
  /** Absolute URLs for the NewsArticle's `image`: 16:9, 4:3 and 1:1 crops of a library picture. */
  structured: string[];
}

/**
 * The pictures an article is shared and indexed with. A library hero gives its cropped copies
 * (media/model.ts CROPS): 16:9 for previews, all three for search. Without one, the generated
 * share card (share-card.ts); an image linked from elsewhere is listed for search before it, but
 * never previewed: its size is unknown and its host may refuse other sites.
 */
export function shareImages(config: Pick<Config, 'SITE_URL' | 'SITE_NAME'>, article: Pick<Article, 'id' | 'title' | 'hero' | 'heroImage'>): ShareImages {
  const image = article.heroImage;
  if (article.hero && isLibraryHero(article.hero) && image) {
    const alt = heroText(article.hero, image).alt || article.title;
    return {
      preview: { url: absolute(config, cropUrl(image, '16x9')), ...cropSize(image, '16x9'), type: MIME[image.format], alt },
      structured: CROP_NAMES.map((crop) => absolute(config, cropUrl(image, crop))),
    };
  }
  const card = absolute(config, cardPath(article, config));
  const linked = article.hero && !isLibraryHero(article.hero) ? [new URL(article.hero.url, config.SITE_URL).href] : [];
  return {
    preview: { url: card, ...CARD, type: 'image/png', alt: article.title },
    structured: [...linked, card],
  };
}
