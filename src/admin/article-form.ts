import slugify from '@sindresorhus/slugify';
import { DateTime } from 'luxon';
import { isSafeUrl } from '../articles/markdown';
import { isLibraryHero, type Article, type ArticleInput, type Named } from '../articles/model';
import { field, type FormBody } from './forms';
import type { AdminI18n } from './i18n';

export const LIMITS = {
  title: 200,
  slug: 120,
  standfirst: 600,
  /** Matches what the summarizer accepts; a newsroom article is far below it. */
  bodyBytes: 200 * 1024,
  author: 120,
  rubric: 60,
  tags: 20,
  tag: 60,
  heroUrl: 2000,
  heroAlt: 300,
  heroCredit: 200,
} as const;

const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** What the editor's form holds, as typed: re-shown unchanged when something is wrong. */
export interface ArticleForm {
  title: string;
  slug: string;
  standfirst: string;
  bodyMd: string;
  author: string;
  rubric: string;
  tags: string;
  /** The media library image's number (as shown in the library), or empty. */
  heroMedia: string;
  heroUrl: string;
  heroAlt: string;
  heroCredit: string;
  /** `YYYY-MM-DDTHH:mm` in the site's time zone (a datetime-local input), or empty. */
  publishAt: string;
  /** The revision the form was loaded from: saving over a newer one is refused. */
  revision: string;
}

/** Errors by field: the form's own, and the image file picker's (a file is never shown back). */
export type FieldName = keyof ArticleForm | 'heroFile';
export type FieldErrors = Partial<Record<FieldName, string>>;

export function readArticleForm(body: FormBody): ArticleForm {
  return {
    title: field(body, 'title').trim(),
    slug: field(body, 'slug').trim(),
    standfirst: field(body, 'standfirst').trim(),
    bodyMd: field(body, 'bodyMd').replace(/\s+$/, ''),
    author: field(body, 'author').trim(),
    rubric: field(body, 'rubric').trim(),
    tags: field(body, 'tags').trim(),
    heroMedia: field(body, 'heroMedia').trim().replace(/^#/, ''),
    heroUrl: field(body, 'heroUrl').trim(),
    heroAlt: field(body, 'heroAlt').trim(),
    heroCredit: field(body, 'heroCredit').trim(),
    publishAt: field(body, 'publishAt').trim(),
    revision: field(body, 'revision').trim(),
  };
}

/** The editor's form for an article, or for a revision's snapshot (the conflict view compares both so). */
export function formFromArticle(article: Pick<Article, 'title' | 'slug' | 'standfirst' | 'bodyMd' | 'author' | 'rubric' | 'tags' | 'hero' | 'publishedAt'> & { revision?: number }, zone: string): ArticleForm {
  return {
    title: article.title,
    slug: article.slug,
    standfirst: article.standfirst,
    bodyMd: article.bodyMd,
    author: article.author,
    rubric: article.rubric?.slug ?? '',
    tags: article.tags.map((t) => t.name).join(', '),
    heroMedia: isLibraryHero(article.hero) ? String(article.hero.mediaId) : '',
    heroUrl: article.hero && !isLibraryHero(article.hero) ? article.hero.url : '',
    heroAlt: article.hero?.alt ?? '',
    heroCredit: article.hero?.credit ?? '',
    publishAt: toLocalInput(article.publishedAt, zone),
    revision: article.revision === undefined ? '' : String(article.revision),
  };
}

export const emptyForm = (author: string): ArticleForm => ({
  title: '', slug: '', standfirst: '', bodyMd: '', author, rubric: '', tags: '', heroMedia: '', heroUrl: '', heroAlt: '', heroCredit: '', publishAt: '', revision: '',
});

/** A datetime-local input's `YYYY-MM-DDTHH:mm` in the site's zone; null when it is not one. */
export function parseLocalTime(text: string, zone: string): Date | null {
  const parsed = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(text) ? DateTime.fromISO(text, { zone }) : null;
  return parsed?.isValid && parsed.year >= 1990 && parsed.year <= 2999 ? parsed.toJSDate() : null;
}

export function toLocalInput(iso: string, zone: string): string {
  return DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone).toFormat("yyyy-LL-dd'T'HH:mm");
}

/** The article's content from the form, checked; status and publication time are decided by the action. */
export type ArticleContent = Omit<ArticleInput, 'status' | 'publishedAt'> & { publishAt: Date | null };

export function validateArticleForm(
  form: ArticleForm,
  options: { zone: string; currentSlug?: string; rubrics: Named[]; i18n: AdminI18n },
): { ok: true; content: ArticleContent } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  // Every message in the person's language (admin/i18n/articles.ts).
  const { t } = options.i18n;
  if (form.title === '') errors.title = t('articles.form.titleRequired');
  else if (form.title.length > LIMITS.title) errors.title = t('articles.form.titleLong', { length: form.title.length, limit: LIMITS.title });

  // An article keeps its address unless the editor types a new one; the current one passes as it
  // is (an imported slug may be Cyrillic, which this form would not let anyone type).
  const kept = options.currentSlug !== undefined && (form.slug === '' || form.slug === options.currentSlug);
  let slug = kept ? options.currentSlug! : form.slug === '' ? slugify(form.title) : form.slug;
  if (!kept) {
    if (slug === '' && form.title !== '') errors.slug = t('articles.form.slugFromTitle');
    else if (slug !== '' && (!SLUG_PATTERN.test(slug) || slug.length > LIMITS.slug)) {
      errors.slug = t('articles.form.slugPattern', { limit: LIMITS.slug });
    }
  }
  slug = slug.slice(0, LIMITS.slug);

  if (form.standfirst.length > LIMITS.standfirst) errors.standfirst = t('articles.form.standfirstLong', { length: form.standfirst.length, limit: LIMITS.standfirst });
  if (form.bodyMd.trim() === '') errors.bodyMd = t('articles.form.bodyRequired');
  else if (Buffer.byteLength(form.bodyMd) > LIMITS.bodyBytes) errors.bodyMd = t('articles.form.bodyLarge', { kb: LIMITS.bodyBytes / 1024 });
  if (form.author.length > LIMITS.author) errors.author = t('articles.form.authorLong', { limit: LIMITS.author });

  let rubric: Named | null = null;
  if (form.rubric !== '') {
    const rubricSlug = slugify(form.rubric);
    if (!rubricSlug || form.rubric.length > LIMITS.rubric) errors.rubric = t('articles.form.rubric', { limit: LIMITS.rubric });
    else rubric = options.rubrics.find((r) => r.slug === rubricSlug) ?? { slug: rubricSlug, name: form.rubric };
  }

  const tagNames = form.tags.split(',').map((t) => t.trim()).filter(Boolean);
  const tags: Named[] = [];
  if (tagNames.length > LIMITS.tags) errors.tags = t('articles.form.tagsMany', { limit: LIMITS.tags, n: tagNames.length });
  for (const name of tagNames) {
    const tagSlug = slugify(name);
    if (!tagSlug || name.length > LIMITS.tag) {
      errors.tags = t('articles.form.tag', { tag: name.slice(0, LIMITS.tag), limit: LIMITS.tag });
      break;
    }
    if (!tags.some((t) => t.slug === tagSlug)) tags.push({ slug: tagSlug, name });
  }

  let hero: ArticleInput['hero'] = null;
  if (form.heroMedia !== '') {
    // Alt text may stay empty here: the library item's own is used, and publishing without any is refused (articles/repository.ts).
    const id = /^\d{1,9}$/.test(form.heroMedia) ? Number(form.heroMedia) : 0;
    if (id < 1) errors.heroMedia = t('articles.form.heroMedia');
    if (form.heroUrl !== '') errors.heroUrl = t('articles.form.heroBoth');
    if (form.heroAlt.length > LIMITS.heroAlt) errors.heroAlt = t('articles.form.heroAltLong', { limit: LIMITS.heroAlt });
    if (form.heroCredit.length > LIMITS.heroCredit) errors.heroCredit = t('articles.form.heroCreditLong', { limit: LIMITS.heroCredit });
    hero = { mediaId: id, alt: form.heroAlt, credit: form.heroCredit === '' ? null : form.heroCredit };
  } else if (form.heroUrl !== '') {
    if (form.heroUrl.length > LIMITS.heroUrl || !isSafeUrl(form.heroUrl)) errors.heroUrl = t('articles.form.heroUrl');
    if (form.heroAlt === '') errors.heroAlt = t('articles.form.heroAltRequired');
    else if (form.heroAlt.length > LIMITS.heroAlt) errors.heroAlt = t('articles.form.heroAltLong', { limit: LIMITS.heroAlt });
    if (form.heroCredit.length > LIMITS.heroCredit) errors.heroCredit = t('articles.form.heroCreditLong', { limit: LIMITS.heroCredit });
    hero = { url: form.heroUrl, alt: form.heroAlt, credit: form.heroCredit === '' ? null : form.heroCredit };
  } else if (form.heroAlt !== '' || form.heroCredit !== '') {
    errors.heroUrl = t('articles.form.heroUrlMissing');
  }

  const publishAt = form.publishAt === '' ? null : parseLocalTime(form.publishAt, options.zone);
  if (form.publishAt !== '' && !publishAt) errors.publishAt = t('articles.form.publishAt', { zone: options.zone });

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    content: { slug, title: form.title, standfirst: form.standfirst, bodyMd: form.bodyMd, author: form.author, rubric, tags, hero, publishAt },
  };
}
