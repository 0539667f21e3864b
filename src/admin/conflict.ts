import slugify from '@sindresorhus/slugify';
import { diffLines, diffWordsWithSpace, type Change } from 'diff';
import { isLibraryHero, type Article } from '../articles/model';
import type { revisionsQueries, Snapshot } from '../articles/revisions';
import { formFromArticle, type ArticleForm } from './article-form';

/**
 * A refused save (someone else saved the article after this person opened it): what the other
 * person changed, field by field, beside this person's text, so they can merge by hand. The
 * diffs come from the `diff` package, as the revision history's do (articles/revisions.ts).
 */

export const CONFLICT_FIELDS = ['title', 'slug', 'standfirst', 'bodyMd', 'author', 'rubric', 'tags', 'heroImage', 'heroAlt', 'heroCredit', 'publishAt'] as const;
export type ConflictFieldName = (typeof CONFLICT_FIELDS)[number];
type Texts = Record<ConflictFieldName, string>;

/** Compared line by line; the others are one line, compared word by word. */
const MULTILINE: ReadonlySet<ConflictFieldName> = new Set(['standfirst', 'bodyMd']);
const DIFF_TIMEOUT_MS = 500;

export interface ConflictField {
  field: ConflictFieldName;
  /** The text this person started from (null: that revision is not in the history). */
  base: string | null;
  theirs: string;
  mine: string;
  changedByThem: boolean;
  changedByMe: boolean;
  /** base → theirs; null when there is no base or the texts were too different to compare in time. */
  theirChange: Change[] | null;
  /** base → mine, likewise. */
  myChange: Change[] | null;
  /** The editor form's fields that hold their version (what "put their version in the form" sets). */
  theirFormValues: Partial<Record<keyof ArticleForm, string>>;
}

const tagsText = (names: string[]) => names.map((t) => t.trim()).filter(Boolean).join(', ');

/** A revision's fields as the editor's form would show them, so both sides compare alike. */
const snapshotTexts = (s: Snapshot, zone: string): Texts => formTexts(formFromArticle(s, zone));

function formTexts(f: ArticleForm): Texts {
  return {
    title: f.title,
    slug: f.slug,
    standfirst: f.standfirst,
    bodyMd: f.bodyMd,
    author: f.author,
    rubric: f.rubric,
    tags: tagsText(f.tags.split(',')),
    heroImage: f.heroMedia !== '' ? `#${f.heroMedia}` : f.heroUrl,
    heroAlt: f.heroAlt,
    heroCredit: f.heroCredit,
    publishAt: f.publishAt,
  };
}

/** Equal as the editor would save them: a rubric typed by name is the same rubric as its slug. */
function same(field: ConflictFieldName, a: string, b: string): boolean {
  if (field === 'rubric') return slugify(a) === slugify(b);
  if (field === 'bodyMd' || field === 'standfirst') return a.replace(/\s+$/, '') === b.replace(/\s+$/, '');
  return a.trim() === b.trim();
}

function changes(field: ConflictFieldName, before: string, after: string): Change[] | null {
  if (MULTILINE.has(field)) {
    const end = (s: string) => (s.endsWith('\n') ? s : `${s}\n`);
    return diffLines(end(before), end(after), { timeout: DIFF_TIMEOUT_MS }) ?? null;
  }
  return diffWordsWithSpace(before, after, { timeout: DIFF_TIMEOUT_MS }) ?? null;
}

/** The editor form's fields that carry one conflict field's value. */
function formValues(field: ConflictFieldName, s: Snapshot, texts: Texts): Partial<Record<keyof ArticleForm, string>> {
  if (field === 'heroImage') {
    const hero = s.hero;
    return { heroMedia: hero && isLibraryHero(hero) ? String(hero.mediaId) : '', heroUrl: hero && !isLibraryHero(hero) ? hero.url : '' };
  }
  return { [field]: texts[field] };
}

/**
 * The fields that differ, in the form's order: each one the other person changed (base → theirs)
 * or this person changed (base → mine). Without the base revision every field where their text
 * and this person's differ is listed, their text shown whole.
 */
export function conflictDiff(base: Snapshot | null, theirs: Snapshot, mine: ArticleForm, zone: string): ConflictField[] {
  const b = base ? snapshotTexts(base, zone) : null;
  const t = snapshotTexts(theirs, zone);
  const m = formTexts(mine);
  const out: ConflictField[] = [];
  for (const field of CONFLICT_FIELDS) {
    const changedByThem = b ? !same(field, b[field], t[field]) : !same(field, t[field], m[field]);
    const changedByMe = b ? !same(field, b[field], m[field]) : !same(field, t[field], m[field]);
    if (!changedByThem && !changedByMe) continue;
    out.push({
      field,
      base: b ? b[field] : null,
      theirs: t[field],
      mine: m[field],
      changedByThem,
      changedByMe,
      theirChange: b && changedByThem ? changes(field, b[field], t[field]) : null,
      myChange: b && changedByMe ? changes(field, b[field], m[field]) : null,
      theirFormValues: formValues(field, theirs, t),
    });
  }
  return out;
}

/** What the conflict view shows: who saved which revision when, and the fields. */
export interface Conflict {
  base: number;
  current: number;
  editor: string | null;
  savedAt: string;
  baseMissing: boolean;
  fields: ConflictField[];
}

/**
 * The conflict of a refused save: the revision the form started from (its `revision` field)
 * against the article's current one, and the form's text. Null when the form names no revision
 * (a form from before revisions were sent: nothing to compare with).
 */
export async function loadConflict(revisions: ReturnType<typeof revisionsQueries>, article: Article, form: ArticleForm, zone: string): Promise<Conflict | null> {
  const base = /^\d{1,9}$/.test(form.revision) ? Number(form.revision) : 0;
  const [from, to] = await Promise.all([base > 0 ? revisions.get(article.id, base) : null, revisions.get(article.id, article.revision)]);
  if (!to) return null;
  return {
    base,
    current: article.revision,
    editor: to.editor,
    savedAt: to.createdAt,
    baseMissing: from === null,
    fields: conflictDiff(from?.snapshot ?? null, to.snapshot, form, zone),
  };
}
