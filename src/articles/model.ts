import type { MediaItem } from '../media/model';

/** The article as features see it, independent of how rows are stored. */
export interface Named {
  slug: string;
  name: string;
}

/** A hero image from elsewhere, by its URL: older and imported articles. */
export interface LinkedHero {
  url: string;
  alt: string;
  credit: string | null;
}

/**
 * A hero image from the media library. `alt` and `credit` are this article's own wording when
 * given; empty alt text and a null credit mean the item's own (see `heroText`).
 */
export interface LibraryHero {
  mediaId: number;
  alt: string;
  credit: string | null;
}

export type Hero = LinkedHero | LibraryHero;

export const isLibraryHero = (hero: Hero | null | undefined): hero is LibraryHero => hero != null && 'mediaId' in hero;

/** What of a library item a page needs to show it (the responsive copies follow from key, width and format). */
export type HeroImage = Pick<MediaItem, 'id' | 'key' | 'format' | 'width' | 'height' | 'alt' | 'credit' | 'caption'>;

/** The alt text and credit a reader sees: the article's own, else the library item's. */
export function heroText(hero: Hero, image: HeroImage | null): { alt: string; credit: string | null; caption: string | null } {
  if (!isLibraryHero(hero) || !image) return { alt: hero.alt, credit: hero.credit, caption: null };
  return { alt: hero.alt || image.alt, credit: hero.credit ?? (image.credit || null), caption: image.caption || null };
}

/** Same hero, same JSON, whatever order its fields were written in (revision snapshots compare as JSON). */
export function canonicalHero(hero: Hero | null | undefined): Hero | null {
  if (!hero) return null;
  return isLibraryHero(hero) ? { mediaId: hero.mediaId, alt: hero.alt, credit: hero.credit } : { url: hero.url, alt: hero.alt, credit: hero.credit };
}

export interface SummaryPointRecord {
  text: string;
  sentence: number;
  start: number;
  end: number;
}

export interface StoredSummary {
  points: SummaryPointRecord[];
  lang: string;
}

export interface ArticleInput {
  slug: string;
  title: string;
  standfirst: string;
  bodyMd: string;
  author: string;
  rubric: Named | null;
  tags: Named[];
  hero: Hero | null;
  status: 'draft' | 'published';
  publishedAt: Date;
  /**
   * An article imported from another platform: found again by source and id (not by slug, which
   * may change there), and its old address kept for redirects.
   */
  origin?: ArticleOrigin;
}

export interface ArticleOrigin {
  source: string;
  id: string;
  url: string | null;
  /** When it was last changed there (becomes updated_at). */
  modifiedAt?: Date;
}

export interface Article {
  id: number;
  slug: string;
  title: string;
  standfirst: string;
  bodyMd: string;
  bodyHtml: string;
  plainText: string;
  /** The byline as written; `authors` are the people it names, in order, with their pages' slugs. */
  author: string;
  authors: Named[];
  rubric: Named | null;
  tags: Named[];
  hero: Hero | null;
  /** The library item of a library hero, null otherwise (or when the item is gone). */
  heroImage: HeroImage | null;
  status: 'draft' | 'published';
  publishedAt: string;
  createdAt: string;
  updatedAt: string;
  revision: number;
  summary: StoredSummary | null;
  summaryEdited: boolean;
  /** The account that wrote it here (a contributor's own articles); null for older and imported ones. */
  ownerId: number | null;
  review: ArticleReview;
}

/** Where a draft stands in review (articles/review/): null state for a plain draft or a public article. */
export type ReviewState = 'in_review' | 'changes_requested';
export interface ArticleReview {
  state: ReviewState | null;
  /** The editor's note when changes were requested. */
  note: string | null;
  submittedAt: string | null;
}

export interface ArticleLink {
  id: number;
  slug: string;
  title: string;
  standfirst: string;
  publishedAt: string;
  rubric: Named | null;
  hero: Hero | null;
  heroImage: HeroImage | null;
  /** Its authors in order, where the listing read them (the timeline listings do; search results do not). */
  authors?: Named[];
}

/** Published and due: scheduled articles appear by themselves when their time comes. */
export function isVisible(article: Pick<Article, 'status' | 'publishedAt'>, now: Date): boolean {
  return article.status === 'published' && article.publishedAt <= now.toISOString();
}

/** What the article holds, as the repository takes it back: a status change keeps the text as it is. */
export function inputOf(article: Article): ArticleInput {
  return {
    slug: article.slug,
    title: article.title,
    standfirst: article.standfirst,
    bodyMd: article.bodyMd,
    author: article.author,
    rubric: article.rubric,
    tags: article.tags,
    hero: article.hero,
    status: article.status,
    publishedAt: new Date(article.publishedAt),
  };
}
