import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { ArticleObserver } from '../repository';
import { relatedComputer } from './compute';

/**
 * Keeps an article's "Read next" list in step with its saves: computed in the save's own
 * transaction (an import batch's included), so the list is never older than the article. Only
 * the saved article's own list is written; lists that name it are filtered when read.
 */
export function relatedArticlesObserver(db: Kysely<Database>): ArticleObserver {
  const computer = relatedComputer(db);
  return { inTransaction: (trx, change) => computer.compute(trx, change.id) };
}
