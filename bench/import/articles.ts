import slugify from '@sindresorhus/slugify';
import { archive, word } from '../archive/generate';

/** One article of bench/archive/generate.ts, typed: the same articles in every format of bench:import. */
export interface SyntheticArticle {
  title: string;
  slug: string;
  date: string;
  description: string;
  author: string;
  rubric: string;
  tags: string[];
  /** Markdown: paragraphs of plain words separated by blank lines. */
  body: string;
}

// The generator's own lists, which an export must declare before its posts (WordPress's header,
// Ghost's users); `typed` below fails loudly if the generator drifts from them.
export const RUBRICS = ['News', 'Road tests', 'Industry', 'Electric cars'];
export const AUTHORS = ['Anna Volkova', 'Boris Orlov', 'Chris Hale', 'Dina Petrova', 'Egor Lapin', 'Fiona Marsh', 'Gleb Sokolov', 'Hana Ito'];
export const TAG_NAMES = Array.from({ length: 3000 }, (_, rank) => `tag ${word(rank)}`);
const KNOWN_TAGS = new Set(TAG_NAMES);

/** The archive's "now": an article dated after it is scheduled (generate.ts's default). */
export const ARCHIVE_NOW = Date.UTC(2026, 11, 1);

export const slugOf = (name: string) => slugify(name);

export function* articles(n: number): Generator<SyntheticArticle> {
  for (const record of archive(n, ARCHIVE_NOW)) {
    const a = record as unknown as SyntheticArticle;
    if (!RUBRICS.includes(a.rubric) || !AUTHORS.includes(a.author) || !a.tags.every((t) => KNOWN_TAGS.has(t))) {
      throw new Error(`bench/archive/generate.ts changed its rubrics, authors or tags: update bench/import/articles.ts (article ${a.slug})`);
    }
    yield a;
  }
}

/** `login` for WordPress, `slug` for Ghost: "Anna Volkova" → "avolkova". */
export const loginOf = (name: string) => slugify(name.replace(/^(\S)\S*\s+/, '$1'), { separator: '' });

/** The body's paragraphs (the Markdown has nothing else). */
export const paragraphsOf = (a: SyntheticArticle) => a.body.split('\n\n');

export const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
