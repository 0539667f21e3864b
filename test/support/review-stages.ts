// The review workflow's people and articles in every stage, and what a Russian page must not say.
import type { Kysely } from 'kysely';
import { ADMIN_CATALOGUES } from '../../src/admin/i18n';
import type { Stage } from '../../src/articles/review/workflow';
import type { ArticleInput } from '../../src/articles/model';
import type { ArticlesRepository } from '../../src/articles/repository';
import type { Database } from '../../src/db/schema';
import type { Lang } from '../../src/i18n/messages';
import { articleInput } from './articles';
import { createUser } from './admin-agent';

/** An account with a password and a language (null: the site's). Returns its id. */
export async function createPerson(db: Kysely<Database>, email: string, role: 'contributor' | 'editor' | 'admin', lang: Lang | null): Promise<number> {
  await createUser(db, email, role);
  await db.updateTable('users').set({ lang }).where('email', '=', email).execute();
  return (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
}

/**
 * An article owned by `ownerId` in the given stage, stored directly (a test's starting point;
 * the transitions under test go through HTTP). `now` decides what is scheduled and what published.
 */
export async function articleInStage(db: Kysely<Database>, articles: ArticlesRepository, stage: Stage, ownerId: number, now: Date, title?: string, content: Partial<ArticleInput> = {}): Promise<number> {
  const hour = 3600_000;
  const status = stage === 'published' || stage === 'scheduled' ? 'published' : 'draft';
  const publishedAt = new Date(now.getTime() + (stage === 'scheduled' ? 48 * hour : -hour));
  const { article } = await articles.save(articleInput({ status, publishedAt, ...(title ? { title } : {}), ...content }), { now: new Date(now.getTime() - 2 * hour) });
  const review = stage === 'in_review' || stage === 'changes_requested' ? stage : null;
  await db
    .updateTable('articles')
    .set({ owner_id: ownerId, review_state: review, review_note: review === 'changes_requested' ? 'Check the prices.' : null, submitted_at: review ? new Date(now.getTime() - hour).toISOString() : null })
    .where('id', '=', article.id)
    .execute();
  return article.id;
}

/** Where an article stands now, read from its row as the workflow reads it. */
export async function stageNow(db: Kysely<Database>, id: number, now: Date): Promise<Stage> {
  const row = await db.selectFrom('articles').select(['status', 'published_at', 'review_state']).where('id', '=', id).executeTakeFirstOrThrow();
  if (row.status === 'published') return row.published_at > now.toISOString() ? 'scheduled' : 'published';
  return row.review_state ?? 'draft';
}

/** A page's visible text (and its aria-labels), entities decoded, scripts and styles dropped. */
export function visibleText(html: string): string {
  const labels = [...html.matchAll(/aria-label="([^"]*)"/g)].map((m) => m[1]);
  const text = html
    .replace(/<(script|style|title)[^>]*>[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .concat(' ', labels.join(' '));
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/**
 * The English admin texts (from the catalogue itself, not a word list) that appear on a page
 * rendered in Russian (author-typed `content` aside): each English text's fixed parts (between its parameters and plural
 * forms) that Russian does not share, found as whole words in the page's visible text.
 */
export function englishLeft(html: string, content: readonly string[] = []): string[] {
  // What authors typed (titles, bylines) is not the admin's wording: taken out before looking.
  const text = content.reduce((t, typed) => t.split(typed).join(' '), visibleText(html));
  const found = new Set<string>();
  for (const [key, en] of Object.entries(ADMIN_CATALOGUES.en)) {
    const ru = ADMIN_CATALOGUES.ru[key] ?? '';
    for (const piece of en.split(/\{\w+\}|\|/)) {
      const fixed = piece.trim().replace(/^[—–\-:;,.()…\s]+|[—–\-:;,.()…\s]+$/g, '');
      // A fragment with no Latin word of three letters says nothing English (a dash, a number, "#").
      if (!/[A-Za-z]{3}/.test(fixed) || ru.includes(fixed)) continue;
      const pattern = new RegExp(`(^|[^A-Za-z])${fixed.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z])`);
      if (pattern.test(text)) found.add(`${key}: ${fixed}`);
    }
  }
  return [...found];
}

