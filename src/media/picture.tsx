import { pictureData, type MediaItem } from './model';

/** What of a library item a `<picture>` needs. */
export type PictureSource = Pick<MediaItem, 'key' | 'format' | 'width' | 'height' | 'alt'>;

/**
 * How a picture is fetched. `hero`: the page's main image, above the fold and usually its largest
 * paint, so it is fetched at once and before other images. `lazy`: below the fold, fetched when
 * the reader scrolls near it and decoded off the main thread. `auto`: near the top but not the
 * main image (the first cards of a listing): the browser's default.
 */
export type PicturePriority = 'hero' | 'lazy' | 'auto';

export interface PictureProps {
  image: PictureSource;
  /** The text for readers who cannot see the picture; the item's own alt text when not given. */
  alt?: string;
  /** The width the picture is shown at, as the `sizes` attribute: the browser picks the copy from it. */
  sizes: string;
  priority?: PicturePriority;
  class?: string;
}

/**
 * One library image for every page: a `<source>` per modern format (AVIF, then WebP) and a
 * fallback `<img>` in JPEG or PNG, each with every width's copy in `srcset`. The img carries the
 * item's own width and height, so the page lays out its box before a byte of it arrives.
 */
export function Picture({ image, alt, sizes, priority = 'lazy', class: className }: PictureProps) {
  const data = pictureData(image);
  return (
    <picture class={className}>
      {data.sources.map((source) => (
        <source key={source.type} type={source.type} srcset={source.srcset} sizes={sizes} />
      ))}
      <img
        src={data.img.src}
        srcset={data.img.srcset}
        sizes={sizes}
        width={data.img.width}
        height={data.img.height}
        alt={alt ?? data.img.alt}
        loading={priority === 'lazy' ? 'lazy' : priority === 'hero' ? 'eager' : undefined}
        decoding={priority === 'lazy' ? 'async' : undefined}
        fetchpriority={priority === 'hero' ? 'high' : undefined}
      />
    </picture>
  );
}

/**
 * Widths a picture is shown at, worked out from site.css: the text column is 46rem; cards fill a
 * grid of 16rem+ columns (1.5rem gaps) in a 72rem page with 1rem margins, so one column up to
 * 35.5rem, two up to 53rem, three up to 70.5rem, then four of 16.5rem at most.
 */
export const SIZES = {
  /** The article's hero: the text column. */
  article: '(max-width: 48rem) calc(100vw - 2rem), 46rem',
  /** A card on a listing: one column on a phone, two on a tablet, three to four on a desktop. */
  card: '(max-width: 35.5rem) calc(100vw - 2rem), (max-width: 53rem) calc(50vw - 1.75rem), (max-width: 70.5rem) calc(33.33vw - 1.67rem), 16.5rem',
  /** A nominee's photo on the ballot and the results. */
  nominee: '(max-width: 40rem) calc(100vw - 4rem), 16rem',
} as const;
