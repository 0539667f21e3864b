import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

/**
 * Working copies: what one person has typed into the article editor and not saved yet, kept by
 * the editor's autosave (admin/editor.js) so that a closed tab, a crash or a lost connection
 * loses nothing. A working copy is not a revision: it is never public, never in the article's
 * history and never seen by anyone but the person who typed it; saving the article or
 * discarding the copy removes it.
 *
 * Writing one is not audited: it happens every few seconds while someone types and changes
 * nothing anyone else sees. What is saved from it goes through the editor and is audited there.
 */

/** Whose copy of what: an article, or a new article the browser named with a key of its own. */
export type WorkingCopySlot = { articleId: number } | { draftKey: string };

/** A draft key: made by the browser (crypto.randomUUID or similar), so only its shape is checked. */
export const DRAFT_KEY_PATTERN = '^[A-Za-z0-9_-]{8,64}$';

export interface WorkingCopy {
  userId: number;
  articleId: number | null;
  draftKey: string | null;
  /** The article's revision the text started from; null for a new article. */
  baseRevision: number | null;
  /** The editor form's fields, as typed. */
  fields: Record<string, string>;
  savedAt: string;
}

export interface WorkingCopyOwner {
  userId: number;
  email: string;
  baseRevision: number | null;
  savedAt: string;
}

const slotOf = (slot: WorkingCopySlot) => ('articleId' in slot ? `article:${slot.articleId}` : `draft:${slot.draftKey}`);

function parseFields(json: string): Record<string, string> {
  const raw = JSON.parse(json) as unknown;
  const out: Record<string, string> = {};
  if (raw && typeof raw === 'object') for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') out[k] = v;
  return out;
}

export function workingCopies(db: Kysely<Database>) {
  return {
    async get(userId: number, slot: WorkingCopySlot): Promise<WorkingCopy | null> {
      const row = await db.selectFrom('working_copies').selectAll().where('user_id', '=', userId).where('slot', '=', slotOf(slot)).executeTakeFirst();
      if (!row) return null;
      return { userId: row.user_id, articleId: row.article_id, draftKey: row.draft_key, baseRevision: row.base_revision, fields: parseFields(row.fields_json), savedAt: row.saved_at };
    },

    /** Keeps the person's latest text for this slot, replacing the one before (one copy per person and slot). */
    async put(userId: number, slot: WorkingCopySlot, copy: { fields: Record<string, string>; baseRevision: number | null }, now: Date): Promise<WorkingCopy> {
      const savedAt = now.toISOString();
      const fieldsJson = JSON.stringify(copy.fields);
      const articleId = 'articleId' in slot ? slot.articleId : null;
      const draftKey = 'draftKey' in slot ? slot.draftKey : null;
      await db
        .insertInto('working_copies')
        .values({ user_id: userId, slot: slotOf(slot), article_id: articleId, draft_key: draftKey, base_revision: copy.baseRevision, fields_json: fieldsJson, saved_at: savedAt })
        .onConflict((oc) => oc.columns(['user_id', 'slot']).doUpdateSet({ base_revision: copy.baseRevision, fields_json: fieldsJson, saved_at: savedAt }))
        .execute();
      return { userId, articleId, draftKey, baseRevision: copy.baseRevision, fields: { ...copy.fields }, savedAt };
    },

    /** Removes the person's copy; true when there was one. */
    async discard(userId: number, slot: WorkingCopySlot): Promise<boolean> {
      const result = await db.deleteFrom('working_copies').where('user_id', '=', userId).where('slot', '=', slotOf(slot)).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    /** Who has unsaved text of this article, newest first: an editor may want to know before saving over it. */
    async listForArticle(articleId: number): Promise<WorkingCopyOwner[]> {
      const rows = await db
        .selectFrom('working_copies as w')
        .innerJoin('users as u', 'u.id', 'w.user_id')
        .select(['w.user_id', 'u.email', 'w.base_revision', 'w.saved_at'])
        .where('w.article_id', '=', articleId)
        .orderBy('w.saved_at', 'desc')
        .orderBy('w.user_id')
        .execute();
      return rows.map((r) => ({ userId: r.user_id, email: r.email, baseRevision: r.base_revision, savedAt: r.saved_at }));
    },
  };
}

export type WorkingCopies = ReturnType<typeof workingCopies>;
