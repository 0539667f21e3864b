import slugify from '@sindresorhus/slugify';
import { decodeHTML } from 'entities';
import sanitizeHtml from 'sanitize-html';
import type { ArticleInput, Named } from '../model';
import { ImportFieldError, SLUG_PATTERN } from './parse-article';

/**
 * One post read from another platform's export: the article to store, or why it cannot be, named
 * so that the user can find it there (`post 123 "Title"`).
 */
export type SourceRecord = { item: string; input: ArticleInput; heroFile: HeroFile | null; people?: SourcePerson[]; oldTerms?: OldTermPath[] } | { item: string; error: ImportFieldError };

/**
 * A person an export names as a post's author (a WordPress `wp:author`, a Ghost user). They come
 * over as one of our authors before the post is stored, and the post's byline is their name as
 * the authors table spells it, so that the byline links to them.
 */
export interface SourcePerson {
  /** Who they are in the export (a WordPress login, a Ghost user id): the same key is the same person. */
  key: string;
  /** Our address for them (`/author/<slug>`), from their login or Ghost slug. */
  slug: string;
  name: string;
  bio: string;
  links: AuthorLink[];
  /** Their picture: its address, and where it may be under --media. */
  photo: { url: string; file: HeroFile | null } | null;
  /** Their page on the old site (`/author/login/`), kept as a redirect to their page here. */
  oldPath: string | null;
}

export interface AuthorLink {
  label: string;
  url: string;
}

/** An old address of one of a post's categories or tags, and which of the post's own terms it now is. */
export interface OldTermPath {
  from: string;
  kind: 'rubric' | 'tag';
  slug: string;
}

/** Which of the post's rubric and tags a source term became (by our slug), or null when it was left out. */
export function termKind(input: Pick<ArticleInput, 'rubric' | 'tags'>, slug: string): 'rubric' | 'tag' | null {
  if (input.rubric?.slug === slug) return 'rubric';
  return input.tags.some((t) => t.slug === slug) ? 'tag' : null;
}

/** A featured image that may be in the folder given with --media. */
export interface HeroFile {
  /** Relative to the --media folder. */
  relative: string;
  alt: string;
  caption: string;
}

/** Counts by reason, for the report: what was skipped, and what was brought over with a change worth knowing. */
export type Tally = (kind: 'skipped' | 'notes', reason: string, n?: number) => void;

export const MAX_TITLE = 300;

/** Text from HTML (titles, excerpts): tags dropped, entities decoded, whitespace collapsed. */
export function plainText(html: string): string {
  return decodeHTML(sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} })).replace(/\s+/g, ' ').trim();
}

export function checkedTitle(raw: string): string {
  const title = plainText(raw);
  if (!title) throw new ImportFieldError('title', 'is empty: every article needs a title (give the post one at the source, or leave it out of the export)');
  if (title.length > MAX_TITLE) throw new ImportFieldError('title', `is ${title.length} characters long; at most ${MAX_TITLE} are allowed`);
  return title;
}

/** The source's slug, percent-decoded (WordPress stores Cyrillic slugs encoded) and transliterated to our address rules. */
export function checkedSlug(source: string, title: string): string {
  let decoded = source;
  try {
    decoded = decodeURIComponent(source);
  } catch {
    // Not percent-encoded after all: use it as it is.
  }
  const slug = slugify(decoded || title).slice(0, 200).replace(/-+$/, '');
  if (!SLUG_PATTERN.test(slug)) throw new ImportFieldError('slug', `"${source || title}" gives no address made of letters or digits`);
  return slug;
}

export function namedTerm(name: string, slug: string): Named | null {
  const text = plainText(name);
  let decoded = slug;
  try {
    decoded = decodeURIComponent(slug);
  } catch {
    // As it is.
  }
  const s = slugify(decoded || text);
  return s && text ? { slug: s, name: text } : null;
}

export function dedupeNamed(items: Array<Named | null>): Named[] {
  const seen = new Set<string>();
  return items.filter((i): i is Named => i !== null && !seen.has(i.slug) && !!seen.add(i.slug));
}

/** What a record is called in messages. */
export const itemLabel = (kind: string, id: string, title: string) => `${kind} ${id}${title ? ` "${title.length > 60 ? `${title.slice(0, 57)}...` : title}"` : ''}`;

/** A string of its own: V8 keeps a substring as a view of the whole string it was cut from. */
export const detached = (s: string): string => Buffer.from(s, 'utf8').toString('utf8');
