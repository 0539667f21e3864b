import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { articlesRepository } from './articles/repository';
import { collectFiles, importFiles } from './articles/import/import-paths';
import type { Config } from './config';
import type { PaddockDb } from './db/database';

export const DEMO_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'content', 'demo');

/** On first start into an empty database, load the demo articles (PADDOCK_DEMO=0 turns this off). */
export async function loadDemoContentIfEmpty(database: PaddockDb, config: Config, log: (msg: string) => void): Promise<void> {
  if (!config.PADDOCK_DEMO) return;
  const articles = articlesRepository(database.db);
  if ((await articles.count()) > 0) return;
  const files = await collectFiles([path.join(DEMO_DIR, 'articles')]);
  const outcomes = await importFiles(files, articles, config.SITE_TIMEZONE);
  const failed = outcomes.filter((o) => !o.ok);
  for (const f of failed) if (!f.ok) log(`demo article not loaded: ${f.file}: ${f.field}: ${f.message}`);
  log(`demo content: ${outcomes.length - failed.length} articles loaded`);
}
