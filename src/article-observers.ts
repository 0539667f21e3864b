import { relatedArticlesObserver } from './articles/related/observer';
import type { ArticleObserver } from './articles/repository';
import { shareCardObserver } from './articles/seo/share-card';
import type { Config } from './config';
import type { PaddockDb } from './db/database';
import type { DrawObserver } from './raffle/draw-service';
import { webhookArticleObserver } from './webhooks/article-observer';
import { webhookDrawObserver } from './webhooks/draw-observer';
import { webhookStore } from './webhooks/store';

/**
 * The capabilities that follow every stored article change (see ArticleObserver), wired here at
 * the composition root so that articles/ never imports what builds on it. The web app (app.ts)
 * and the CLI (main.ts) both pass these to the articles repository, so a change made from
 * either is followed alike. An import leaves webhooks out unless asked (`--webhooks`): it brings
 * over what was already published elsewhere, and 100,000 "published" events would flood every
 * subscriber.
 */
export function articleObservers(database: PaddockDb, config: Config, options: { webhooks?: boolean } = {}): ArticleObserver[] {
  const webhooks = options.webhooks ?? true;
  return [
    relatedArticlesObserver(database.db),
    ...(webhooks ? [webhookArticleObserver(webhookStore(database.db), { siteUrl: config.SITE_URL })] : []),
    shareCardObserver(database, config),
  ];
}

/** The same for stored prize draws (raffle/draw-service.ts): the CLI's `raffle draw` passes these. */
export function drawObservers(database: PaddockDb, config: Config): DrawObserver[] {
  return [webhookDrawObserver(webhookStore(database.db), { siteUrl: config.SITE_URL })];
}
