import type { Kysely, Selectable, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Database, MediaTable } from '../db/schema';
import type { MediaItem } from './model';

type Db = Kysely<Database> | Transaction<Database>;

function toItem(row: Selectable<MediaTable>): MediaItem {
  return {
    id: row.id,
    key: row.key,
    format: row.format,
    sourceFormat: row.source_format,
    width: row.width,
    height: row.height,
    bytes: row.bytes,
    originalName: row.original_name,
    alt: row.alt,
    credit: row.credit,
    caption: row.caption,
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
  };
}

/** What a new item stores: an item without what the database assigns, plus the uploaded bytes' hash. */
export type NewMedia = Omit<MediaItem, 'id' | 'createdAt' | 'updatedAt'> & { sourceSha256: string; at: string };

/** A position in the library's order (newest first): the item's creation time in ms and its id. */
export interface MediaCursor {
  at: string;
  id: number;
}

export function encodeCursor(item: Pick<MediaItem, 'createdAt' | 'id'>): string {
  return `${Date.parse(item.createdAt)}-${item.id}`;
}

/** Null for anything that is not a cursor we made: the caller refuses it. */
export function decodeCursor(text: string): MediaCursor | null {
  const match = /^(\d{1,15})-(\d{1,10})$/.exec(text);
  if (!match) return null;
  const ms = Number(match[1]);
  const id = Number(match[2]);
  if (!Number.isSafeInteger(ms) || id < 1 || id > 2_147_483_647) return null;
  return { at: new Date(ms).toISOString(), id };
}

/** `%` and `_` typed into the search box are letters, not wildcards. */
const likePattern = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function mediaRepository(db: Kysely<Database>) {
  return {
    async findById(id: number, trx: Db = db): Promise<MediaItem | null> {
      const row = await trx.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toItem(row) : null;
    },
    async findByKey(key: string, trx: Db = db): Promise<MediaItem | null> {
      const row = await trx.selectFrom('media').selectAll().where('key', '=', key).executeTakeFirst();
      return row ? toItem(row) : null;
    },
    async findBySource(sourceSha256: string, trx: Db = db): Promise<MediaItem | null> {
      const row = await trx.selectFrom('media').selectAll().where('source_sha256', '=', sourceSha256).orderBy('id').limit(1).executeTakeFirst();
      return row ? toItem(row) : null;
    },

    /** Inserts the item unless one with the same key exists (a concurrent upload of the same picture); null then. */
    async insert(item: NewMedia, trx: Db = db): Promise<MediaItem | null> {
      const row = await trx
        .insertInto('media')
        .values({
          key: item.key,
          source_sha256: item.sourceSha256,
          format: item.format,
          source_format: item.sourceFormat,
          width: item.width,
          height: item.height,
          bytes: item.bytes,
          original_name: item.originalName,
          alt: item.alt,
          credit: item.credit,
          caption: item.caption,
          created_at: item.at,
          created_by: item.createdBy,
          updated_at: item.at,
        })
        .onConflict((oc) => oc.column('key').doNothing())
        .returningAll()
        .executeTakeFirst();
      return row ? toItem(row) : null;
    },

    async updateTexts(id: number, texts: { alt: string; credit: string; caption: string }, at: string, trx: Db = db): Promise<MediaItem | null> {
      const row = await trx
        .updateTable('media')
        .set({ alt: texts.alt, credit: texts.credit, caption: texts.caption, updated_at: at })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row ? toItem(row) : null;
    },

    /**
     * One page of the library, newest first, after `cursor` when given; `search` matches alt
     * text, caption, credit and file name, ignoring case. Asks for one more row than the page to
     * know whether there is a next page.
     */
    async list(options: { limit: number; cursor?: MediaCursor | null; search?: string }, trx: Db = db): Promise<{ items: MediaItem[]; next: string | null }> {
      let q = trx.selectFrom('media').selectAll();
      const cursor = options.cursor;
      if (cursor) q = q.where((eb) => eb.or([eb('created_at', '<', cursor.at), eb.and([eb('created_at', '=', cursor.at), eb('id', '<', cursor.id)])]));
      const search = options.search?.trim();
      if (search) {
        const pattern = likePattern(search);
        q = q.where((eb) =>
          eb.or(
            (['alt', 'caption', 'credit', 'original_name'] as const).map((column) => eb(sql`lower(${sql.ref(column)})`, 'like', sql`${pattern} escape '\\'`)),
          ),
        );
      }
      const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(options.limit + 1).execute();
      const items = rows.slice(0, options.limit).map(toItem);
      const last = items[items.length - 1];
      return { items, next: rows.length > options.limit && last ? encodeCursor(last) : null };
    },
  };
}

export type MediaRepository = ReturnType<typeof mediaRepository>;
