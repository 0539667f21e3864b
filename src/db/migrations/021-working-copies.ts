import type { Kysely } from 'kysely';
import type { Capabilities } from '../database';

/**
 * Working copies (articles/working-copies.ts): what one person has typed into the editor and not
 * saved yet, kept by the editor's autosave so that a closed tab or a crash loses nothing. One per
 * person and article, or per person and draft key for an article not saved yet (the key is made
 * by the browser). Not a revision: never public, never in the article's history, gone once the
 * person saves or discards it. `slot` (`article:12` or `draft:<key>`) is what makes the copy
 * unique per person, so one upsert works on both engines without partial indexes.
 */
export async function up(db: Kysely<unknown>, caps: Capabilities): Promise<void> {
  await db.schema
    .createTable('working_copies')
    .addColumn('id', caps.serialType, (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('slot', 'text', (c) => c.notNull())
    .addColumn('article_id', 'integer', (c) => c.references('articles.id').onDelete('cascade'))
    .addColumn('draft_key', 'text')
    .addColumn('base_revision', 'integer')
    .addColumn('fields_json', 'text', (c) => c.notNull())
    .addColumn('saved_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('working_copies_by_slot').on('working_copies').columns(['user_id', 'slot']).unique().execute();
  await db.schema.createIndex('working_copies_by_article').on('working_copies').columns(['article_id']).execute();
}
