import slugify from '@sindresorhus/slugify';
import matter from 'gray-matter';
import { DateTime } from 'luxon';
import YAML from 'yaml';
import { isSafeUrl } from '../markdown';
import type { ArticleInput, Named } from '../model';

/** A problem with one field of one file: the import names both so the author can fix it. */
export class ImportFieldError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_TITLE = 300;

type Fields = Record<string, unknown>;

/** Parses a file's text into article inputs: Markdown with front matter gives one, JSON one or many, JSONL one a line. */
export function parseArticleFile(fileName: string, text: string, timeZone: string): ArticleInput[] {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) {
    return text
      .split('\n')
      .map((line, i) => ({ line: line.trim(), n: i + 1 }))
      .filter(({ line }) => line.length > 0)
      .map(({ line, n }) => withPrefix(`line ${n}`, () => toInput(parseJson(line), timeZone)));
  }
  if (lower.endsWith('.json')) {
    const parsed = parseJson(text);
    const records = Array.isArray(parsed) ? parsed : [parsed];
    return records.map((r, i) => withPrefix(Array.isArray(parsed) ? `[${i}]` : '', () => toInput(r, timeZone)));
  }
  return [toInput(parseFrontMatter(text), timeZone)];
}

/** One line of a JSONL file: one article (the importer streams these; see import-run.ts). */
export function parseJsonLine(line: string, timeZone: string): ArticleInput {
  return toInput(parseJson(line), timeZone);
}

function withPrefix<T>(prefix: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof ImportFieldError && prefix) throw new ImportFieldError(`${prefix}: ${error.field}`, error.message);
    throw error;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ImportFieldError('json', `is not valid JSON (${(error as Error).message})`);
  }
}

function parseFrontMatter(text: string): Fields {
  try {
    // YAML 1.2 core schema: dates stay strings and are parsed below with one strict rule.
    const file = matter(text, { engines: { yaml: (s: string) => YAML.parse(s, { schema: 'core' }) as object } });
    return { ...(file.data as Fields), body: file.content };
  } catch (error) {
    throw new ImportFieldError('front matter', `is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
}

function toInput(raw: unknown, timeZone: string): ArticleInput {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ImportFieldError('record', 'must be an object with article fields');
  const f = raw as Fields;
  const title = requiredString(f, 'title').trim();
  if (title.length > MAX_TITLE) throw new ImportFieldError('title', `is ${title.length} characters long; at most ${MAX_TITLE} are allowed`);
  const publishedAt = parseDate(f.date, timeZone);
  const slug = f.slug === undefined || f.slug === null ? slugify(title) : optionalString(f, 'slug');
  if (!slug || !SLUG_PATTERN.test(slug) || slug.length > 200) {
    throw new ImportFieldError('slug', `"${String(slug)}" must be lower-case letters, digits and single hyphens (for example "lada-vesta-road-test")`);
  }
  const rubricName = f.rubric !== undefined ? optionalString(f, 'rubric') : firstOf(f.categories, 'categories');
  const imageUrl = optionalString(f, 'image');
  if (imageUrl && !isSafeUrl(imageUrl)) throw new ImportFieldError('image', 'must be an http(s) URL or a path starting with /');
  const draft = f.draft;
  if (draft !== undefined && typeof draft !== 'boolean') throw new ImportFieldError('draft', 'must be true or false');
  const body = f.body;
  if (typeof body !== 'string') throw new ImportFieldError('body', 'is required: the article text in Markdown');
  return {
    slug,
    title,
    standfirst: (optionalString(f, 'description') ?? optionalString(f, 'standfirst') ?? '').trim(),
    bodyMd: body.trim(),
    author: byline(f),
    rubric: rubricName ? named(rubricName, 'rubric') : null,
    tags: dedupe(tagList(f.tags).map((t) => named(t, 'tags'))),
    hero: imageUrl ? { url: imageUrl, alt: optionalString(f, 'image_alt') ?? '', credit: optionalString(f, 'image_credit') ?? null } : null,
    status: draft === true ? 'draft' : 'published',
    publishedAt,
  };
}

/**
 * `author: Name` (or a byline such as "A, B and C") or `authors: [A, B]`. The list is stored as
 * the byline "A, B", which the repository splits into the same people in the same order
 * (db/bylines.ts), so a name in the list must not itself contain a comma or the word "and".
 */
function byline(f: Fields): string {
  if (f.authors === undefined || f.authors === null) return (optionalString(f, 'author') ?? '').trim();
  if (f.author !== undefined && f.author !== null) throw new ImportFieldError('authors', 'cannot be given together with author: use one of them');
  const list = typeof f.authors === 'string' ? [f.authors] : f.authors;
  if (!Array.isArray(list) || !list.every((a) => typeof a === 'string')) throw new ImportFieldError('authors', 'must be a list of names');
  const names = (list as string[]).map((a) => a.replace(/\s+/g, ' ').trim()).filter(Boolean);
  const split = names.find((a) => /[,;&]|\band\b/i.test(a));
  if (split) throw new ImportFieldError('authors', `"${split}" would be read as several people (a comma, "&" or "and" separates authors)`);
  return names.join(', ');
}

function requiredString(f: Fields, field: string): string {
  const v = f[field];
  if (typeof v !== 'string' || v.trim() === '') throw new ImportFieldError(field, 'is required and must be a non-empty text');
  return v;
}

function optionalString(f: Fields, field: string): string | null {
  const v = f[field];
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string') throw new ImportFieldError(field, 'must be a text');
  return v;
}

function firstOf(v: unknown, field: string): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && (v.length === 0 || typeof v[0] === 'string')) return (v[0] as string | undefined) ?? null;
  throw new ImportFieldError(field, 'must be a list of texts');
}

function tagList(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  if (typeof v === 'string') return v.split(',').map((s) => s.trim()).filter(Boolean);
  if (Array.isArray(v) && v.every((t) => typeof t === 'string' || typeof t === 'number')) return v.map(String).filter((t) => t.trim());
  throw new ImportFieldError('tags', 'must be a list of texts or a comma-separated text');
}

function named(name: string, field: string): Named {
  const slug = slugify(name);
  if (!slug) throw new ImportFieldError(field, `"${name}" has no letters or digits to make an address from`);
  return { slug, name: name.trim() };
}

function dedupe(items: Named[]): Named[] {
  const seen = new Set<string>();
  return items.filter((i) => !seen.has(i.slug) && seen.add(i.slug));
}

/** ISO 8601; a date or time without an offset is read in the site's time zone, as static-site generators do. */
function parseDate(v: unknown, timeZone: string): Date {
  if (v === undefined || v === null || v === '') throw new ImportFieldError('date', 'is required (ISO 8601, for example 2026-11-20T09:30:00Z)');
  if (typeof v !== 'string') throw new ImportFieldError('date', 'must be an ISO 8601 text such as 2026-11-20T09:30:00Z');
  const parsed = DateTime.fromISO(v.trim(), { zone: timeZone, setZone: true });
  if (!parsed.isValid) throw new ImportFieldError('date', `"${v}" is not an ISO 8601 date (for example 2026-11-20 or 2026-11-20T09:30:00+03:00)`);
  return parsed.toJSDate();
}
