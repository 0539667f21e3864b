/**
 * The editor's writing aids, as pure functions: the page shows their first values (rendered on
 * the server) and admin/editor.js recomputes the same things as the person types, with the same
 * numbers (the page hands it AIDS_LIMITS). Nothing here blocks a save: these are hints.
 */

/**
 * Reading speed for "about N min to read". The site shows no reading time anywhere yet, so there
 * is none to match; 200 words a minute is the usual figure for news copy read on a screen (adult
 * silent reading is measured at roughly 200–250 for English and a little less for Russian,
 * whose words are longer), and rounding up keeps the promise modest.
 */
export const WORDS_PER_MINUTE = 200;

/**
 * Length hints. Search engines show about 60 characters of a page title (they cut by pixel width,
 * some 580–600 px, which is 50–60 characters of mixed text) and the site's <title> is "Title —
 * Site name", so the hint counts both. Their result snippets show about 155–160 characters of the
 * description, which is the standfirst here (meta description, og:description). Social cards
 * (og:title, twitter:title: the title alone) show about 70 characters before cutting.
 */
export const AIDS_LIMITS = { searchTitle: 60, socialTitle: 70, description: 160, wordsPerMinute: WORDS_PER_MINUTE } as const;

/** Words of a Markdown text as a reader counts them: letters or digits in a row (markup, links' addresses and image syntax left out). */
export function countWords(markdown: string): number {
  const text = markdown
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]*>/g, ' ');
  return text.match(/[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu)?.length ?? 0;
}

/** Minutes to read, rounded up; 0 only for an empty text. */
export function readingMinutes(words: number, wordsPerMinute: number = WORDS_PER_MINUTE): number {
  return words === 0 ? 0 : Math.max(1, Math.ceil(words / wordsPerMinute));
}

/** The <title> a search result shows: the article's title and the site's name, as web/layout.tsx writes it. */
export function searchTitleLength(title: string, siteName: string): number {
  return [...`${title} — ${siteName}`].length;
}

/** Images in the Markdown body, and how many have no alt text (`![](…)`). */
export function bodyImages(markdown: string): { total: number; withoutAlt: number } {
  let total = 0;
  let withoutAlt = 0;
  for (const match of markdown.matchAll(/!\[([^\]]*)\]\(/g)) {
    total++;
    if (match[1]!.trim() === '') withoutAlt++;
  }
  return { total, withoutAlt };
}

export interface ChecklistInput {
  heroMedia: string;
  heroUrl: string;
  heroAlt: string;
  /** The library image's own alt text, used when the form's is empty. */
  libraryAlt?: string;
  bodyMd: string;
  rubric: string;
  standfirst: string;
}

export type ChecklistItem =
  | { item: 'heroAlt'; ok: boolean; hasHero: boolean }
  | { item: 'bodyAlt'; ok: boolean; missing: number }
  | { item: 'rubric'; ok: boolean }
  | { item: 'standfirst'; ok: boolean };

/** What to check before publishing; every item warns, none blocks (the repository still refuses a library hero without any alt text). */
export function prePublishChecklist(form: ChecklistInput): ChecklistItem[] {
  const hasHero = form.heroMedia.trim() !== '' || form.heroUrl.trim() !== '';
  const heroAlt = form.heroAlt.trim() !== '' || (form.heroMedia.trim() !== '' && (form.libraryAlt ?? '').trim() !== '');
  const images = bodyImages(form.bodyMd);
  return [
    { item: 'heroAlt', ok: !hasHero || heroAlt, hasHero },
    { item: 'bodyAlt', ok: images.withoutAlt === 0, missing: images.withoutAlt },
    { item: 'rubric', ok: form.rubric.trim() !== '' },
    { item: 'standfirst', ok: form.standfirst.trim() !== '' },
  ];
}
