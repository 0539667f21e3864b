import type { Kysely } from 'kysely';
import { copyBylines } from '../bylines';
import type { Capabilities } from '../database';
import type { Database } from '../schema';

/**
 * Each article carries a copy of its linked authors (`authors_json`, [{slug, name}] in byline
 * order), so that an article page and a listing's cards get their linked bylines from the rows
 * they read anyway: reading article_authors and authors per page cost a listing at 100,000
 * articles about a third of its speed (bench:archive). article_authors stays the truth and the
 * author listings' index; `copyBylines` keeps the copy in step.
 */
export async function up(untyped: Kysely<unknown>, _caps: Capabilities): Promise<void> {
  const db = untyped as unknown as Kysely<Database>;
  await db.schema.alterTable('articles').addColumn('authors_json', 'text', (c) => c.notNull().defaultTo('[]')).execute();
  let after = 0;
  for (;;) {
    const rows = await db.selectFrom('article_authors').select('article_id').distinct().where('article_id', '>', after).orderBy('article_id').limit(500).execute();
    if (rows.length === 0) break;
    const ids = rows.map((r) => Number(r.article_id));
    await copyBylines(db, ids);
    after = ids[ids.length - 1]!;
  }
}
