import type { Kysely } from 'kysely';
import { audit } from '../audit/audit';
import type { PaddockDb } from '../db/database';
import type { Database } from '../db/schema';
import { summarize } from '../summary';
import type { Article } from './model';
import { articlesRepository, type ArticlesRepository } from './repository';

/**
 * A new summary for an article from its current text, as a new revision and in the audit log;
 * nothing happens when the summary would not change. The admin's "Recompute" and
 * `paddock summarize --recompute` both come here.
 */
export async function recomputeSummary(store: { articles: ArticlesRepository; db: Kysely<Database> }, article: Article, actor: string, now: Date): Promise<boolean> {
  const summary = summarize(article.plainText, { title: article.title, standfirst: article.standfirst });
  const same = !article.summaryEdited && JSON.stringify(summary.points) === JSON.stringify(article.summary?.points ?? []);
  if (same) return false;
  const saved = await store.articles.setSummary(article.id, { points: summary.points, lang: summary.lang }, false, { editor: actor, now });
  await audit(store.db, { actor, action: 'summary.recompute', target: `article:${article.id}`, details: { revision: saved?.revision } }, now);
  return true;
}

/** Every article whose summary no editor has touched gets the current model's summary. */
export async function recomputeSummaries(database: PaddockDb, actor: string, now: Date): Promise<{ checked: number; changed: number; edited: number }> {
  const articles = articlesRepository(database);
  const totals = { checked: 0, changed: 0, edited: 0 };
  let after = 0;
  for (;;) {
    const rows = await database.db.selectFrom('articles').select(['id', 'summary_edited']).where('id', '>', after).orderBy('id').limit(500).execute();
    if (rows.length === 0) return totals;
    for (const row of rows) {
      after = row.id;
      totals.checked++;
      if (row.summary_edited) {
        totals.edited++;
        continue;
      }
      const article = await articles.findById(row.id);
      if (article && (await recomputeSummary({ articles, db: database.db }, article, actor, now))) totals.changed++;
    }
  }
}
