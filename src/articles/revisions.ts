import { diffLines, diffWordsWithSpace, type Change } from 'diff';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { isLibraryHero, type ArticleInput, type StoredSummary } from './model';

/** A revision's snapshot_json: the ArticleInput as saved, publishedAt as ISO text. */
export type Snapshot = Omit<ArticleInput, 'publishedAt'> & { publishedAt: string };

export interface RevisionInfo {
  revision: number;
  createdAt: string;
  editor: string | null;
  title: string;
  status: 'draft' | 'published';
  publishedAt: string;
  summaryEdited: boolean;
}

export interface Revision extends RevisionInfo {
  snapshot: Snapshot;
  summary: StoredSummary | null;
}

function parseSnapshot(json: string): Snapshot {
  const raw = JSON.parse(json) as Partial<Snapshot>;
  return {
    slug: raw.slug ?? '',
    title: raw.title ?? '',
    standfirst: raw.standfirst ?? '',
    bodyMd: raw.bodyMd ?? '',
    author: raw.author ?? '',
    rubric: raw.rubric ?? null,
    tags: raw.tags ?? [],
    hero: raw.hero ?? null,
    status: raw.status === 'published' ? 'published' : 'draft',
    publishedAt: raw.publishedAt ?? new Date(0).toISOString(),
  };
}

export function snapshotToInput(snapshot: Snapshot): ArticleInput {
  return { ...snapshot, publishedAt: new Date(snapshot.publishedAt) };
}

export function revisionsQueries(db: Kysely<Database>) {
  return {
    async list(articleId: number): Promise<RevisionInfo[]> {
      const rows = await db
        .selectFrom('article_revisions')
        .select(['revision', 'created_at', 'editor', 'snapshot_json', 'summary_edited'])
        .where('article_id', '=', articleId)
        .orderBy('revision', 'desc')
        .execute();
      return rows.map((r) => {
        const s = parseSnapshot(r.snapshot_json);
        return { revision: r.revision, createdAt: r.created_at, editor: r.editor, title: s.title, status: s.status, publishedAt: s.publishedAt, summaryEdited: r.summary_edited === 1 };
      });
    },

    async get(articleId: number, revision: number): Promise<Revision | null> {
      const r = await db.selectFrom('article_revisions').selectAll().where('article_id', '=', articleId).where('revision', '=', revision).executeTakeFirst();
      if (!r) return null;
      const snapshot = parseSnapshot(r.snapshot_json);
      return {
        revision: r.revision,
        createdAt: r.created_at,
        editor: r.editor,
        title: snapshot.title,
        status: snapshot.status,
        publishedAt: snapshot.publishedAt,
        summaryEdited: r.summary_edited === 1,
        snapshot,
        summary: r.summary_json ? (JSON.parse(r.summary_json) as StoredSummary) : null,
      };
    },
  };
}

export interface FieldDiff {
  field: string;
  /** The field's name for a page to word: the field, or `summaryEdited` for an editor's summary. */
  key: string;
  /** Null when the texts were too different to compare in time: show both whole. */
  changes: Change[] | null;
  before: string;
  after: string;
}

const DIFF_TIMEOUT_MS = 500;

/** The words a diff's text is written with (the image's description, the status), in the reader's language. */
export interface DiffWords {
  libraryImage(id: number): string;
  alt(alt: string): string;
  credit(credit: string): string;
  status(status: 'draft' | 'published'): string;
}

function asText(revision: Revision, w: DiffWords): Array<[field: string, text: string, lines: boolean]> {
  const s = revision.snapshot;
  return [
    ['title', s.title, false],
    ['standfirst', s.standfirst, false],
    ['bodyMd', s.bodyMd, true],
    ['author', s.author, false],
    ['rubric', s.rubric ? s.rubric.slug : '', false],
    ['tags', s.tags.map((t) => t.name).join(', '), false],
    ['hero', s.hero ? `${isLibraryHero(s.hero) ? w.libraryImage(s.hero.mediaId) : s.hero.url}\n${w.alt(s.hero.alt)}\n${w.credit(s.hero.credit ?? '')}` : '', true],
    ['status', w.status(s.status), false],
    ['publishedAt', s.publishedAt, false],
    ['summary', (revision.summary?.points ?? []).map((p) => `• ${p.text}`).join('\n'), true],
  ];
}

/** The fields that differ between two revisions, each as a word or line diff. */
export function diffRevisions(from: Revision, to: Revision, words: DiffWords): FieldDiff[] {
  const a = asText(from, words);
  const b = asText(to, words);
  const out: FieldDiff[] = [];
  for (const [i, [field, before, lines]] of a.entries()) {
    const [, after] = b[i]!;
    if (before === after && !(field === 'summary' && from.summaryEdited !== to.summaryEdited)) continue;
    const changes = lines
      ? diffLines(before.endsWith('\n') ? before : `${before}\n`, after.endsWith('\n') ? after : `${after}\n`, { timeout: DIFF_TIMEOUT_MS })
      : diffWordsWithSpace(before, after, { timeout: DIFF_TIMEOUT_MS });
    out.push({ field, key: field === 'summary' && to.summaryEdited ? 'summaryEdited' : field, changes: changes ?? null, before, after });
  }
  return out;
}
