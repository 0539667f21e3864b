import type { Kysely } from 'kysely';
import type { Capabilities } from '../database';

/**
 * An article's hero image may be an item of the media library (media/): `hero_media_id` points at
 * it, and `hero_url` stays for images from elsewhere (older and imported articles). With a
 * library image, `hero_alt` and `hero_credit` are this article's own wording, null or empty
 * meaning the item's. The index finds the articles that show an item (its library page lists
 * them, and its alt text cannot be removed while a published article relies on it).
 */
export async function up(db: Kysely<unknown>, _caps: Capabilities): Promise<void> {
  await db.schema
    .alterTable('articles')
    .addColumn('hero_media_id', 'integer', (c) => c.references('media.id'))
    .execute();
  await db.schema.createIndex('articles_by_hero_media').on('articles').column('hero_media_id').execute();
}
