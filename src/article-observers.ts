import { relatedArticlesObserver } from './articles/related/observer';
import type { ArticleObserver } from './articles/repository';
import type { Config } from './config';
import type { PaddockDb } from './db/database';

/**
 * The capabilities that follow every stored article change (see ArticleObserver), wired here at
 * the composition root so that articles/ never imports what builds on it. The web app (app.ts)
 * and the CLI (main.ts) both pass these to the articles repository, so a change made from
 * either is followed alike.
 */
export function articleObservers(database: PaddockDb, _config: Config): ArticleObserver[] {
  return [relatedArticlesObserver(database.db)];
}
