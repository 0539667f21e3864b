import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { ReviewState } from './model';

/** What the editor's list can filter by; `scheduled` = published with a future time. */
export type EditorStatus = 'draft' | 'published' | 'scheduled';

/** The list's filter: a status, or a review step (drafts submitted, or sent back). */
export type ListStatus = EditorStatus | ReviewState;

export interface EditorListQuery {
  status?: ListStatus;
  /** Only this account's own articles (a contributor's list). */
  ownerId?: number;
  rubric?: string;
  /** Part of the title, any case. */
  q?: string;
  page: number;
  pageSize: number;
  now: Date;
}

export interface EditorListItem {
  id: number;
  slug: string;
  title: string;
  status: EditorStatus;
  publishedAt: string;
  updatedAt: string;
  rubric: string | null;
  revision: number;
  summaryEdited: boolean;
  /** The review step of a draft, null otherwise. */
  review: ReviewState | null;
}

/** `%`, `_` and `\` typed into the search box are matched literally. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Every article whatever its status, newest change first: the editor's view, not the reader's. */
export function editorQueries(db: Kysely<Database>) {
  return {
    async list(query: EditorListQuery): Promise<{ items: EditorListItem[]; total: number }> {
      const nowIso = query.now.toISOString();
      let q = db.selectFrom('articles as a');
      if (query.status === 'draft') q = q.where('a.status', '=', 'draft');
      if (query.status === 'published') q = q.where('a.status', '=', 'published').where('a.published_at', '<=', nowIso);
      if (query.status === 'scheduled') q = q.where('a.status', '=', 'published').where('a.published_at', '>', nowIso);
      if (query.status === 'in_review' || query.status === 'changes_requested') q = q.where('a.review_state', '=', query.status);
      if (query.ownerId !== undefined) q = q.where('a.owner_id', '=', query.ownerId);
      if (query.rubric) q = q.where('a.rubric_slug', '=', query.rubric);
      // lower() on both sides: SQLite's LIKE folds only ASCII, and its lower() is replaced by a
      // Unicode one in db/database.ts, so "порше" finds "Порше" on both engines.
      if (query.q) q = q.where(sql<boolean>`lower(${sql.ref('a.title')}) like lower(${likePattern(query.q)}) escape '\\'`);
      const { total } = await q.select((eb) => eb.fn.countAll<number | string>().as('total')).executeTakeFirstOrThrow();
      const rows = await q
        .select(['a.id', 'a.slug', 'a.title', 'a.status', 'a.published_at', 'a.updated_at', 'a.rubric_slug', 'a.revision', 'a.summary_edited', 'a.review_state'])
        .orderBy('a.updated_at', 'desc')
        .orderBy('a.id', 'desc')
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize)
        .execute();
      return {
        total: Number(total),
        items: rows.map((r) => ({
          id: r.id,
          slug: r.slug,
          title: r.title,
          status: r.status === 'draft' ? 'draft' : r.published_at > nowIso ? 'scheduled' : 'published',
          publishedAt: r.published_at,
          updatedAt: r.updated_at,
          rubric: r.rubric_slug,
          revision: r.revision,
          summaryEdited: r.summary_edited === 1,
          review: r.status === 'draft' ? r.review_state : null,
        })),
      };
    },
  };
}
