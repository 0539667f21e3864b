import type { PaddockDb } from '../../db/database';
import { articleIdsAfter, relatedComputer } from './compute';

const BATCH = 500;

/**
 * Every article's "Read next" list computed anew (`paddock related --recompute`): after upgrading
 * to migration 016 (existing articles have none), after an import that wrote the newest articles
 * first (an article's pool is what was stored before it), or after the scoring changed. First
 * every article's term set, so that each list compares against all of them, then the lists; a
 * transaction per BATCH articles, so a reader's page is never held up for long.
 */
export async function recomputeRelated(database: Pick<PaddockDb, 'db'>, progress: (done: number) => void = () => {}): Promise<{ articles: number; withRelated: number }> {
  const computer = relatedComputer(database.db);
  for (let after = 0; ; ) {
    const ids = await articleIdsAfter(database.db, after, BATCH);
    if (ids.length === 0) break;
    await database.db.transaction().execute(async (trx) => {
      for (const id of ids) await computer.storeTerms(trx, id);
    });
    after = ids[ids.length - 1]!;
  }
  let articles = 0;
  for (let after = 0; ; ) {
    const ids = await articleIdsAfter(database.db, after, BATCH);
    if (ids.length === 0) break;
    await database.db.transaction().execute(async (trx) => {
      for (const id of ids) await computer.compute(trx, id);
    });
    articles += ids.length;
    progress(articles);
    after = ids[ids.length - 1]!;
  }
  const { n } = await database.db
    .selectFrom('related_articles')
    .select((eb) => eb.fn.count<number | string>('article_id').distinct().as('n'))
    .executeTakeFirstOrThrow();
  return { articles, withRelated: Number(n) };
}
