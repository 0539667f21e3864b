import type { Kysely, Transaction } from 'kysely';
import { audit } from '../../audit/audit';
import type { Database } from '../../db/schema';
import { Refusal } from '../../errors';
import type { Lang } from '../../i18n/messages';
import type { MailMessage } from '../../mail/mailer';
import { mailOutbox } from '../../mail/outbox';
import { inputOf, type Article, type ArticleInput } from '../model';
import type { ArticlesRepository, SaveResult } from '../repository';
import { authorize, stageOf, stageRefusal, type Actor } from './workflow';

type Trx = Transaction<Database>;

/** What every review mail knows: to whom, in which language, about which article and who acted. */
export interface ReviewMailBase {
  to: string;
  lang: Lang;
  title: string;
  /** Who acted: the submitting author, or the deciding editor. */
  by: string;
  /** The article in the admin (SITE_URL). */
  articleUrl: string;
}

/**
 * The mails' wording, given by the admin (its catalogue; the articles layer has none). Each is
 * written in the recipient's language: their preference, else the site's.
 */
export interface ReviewMailTexts {
  submitted(p: ReviewMailBase & { queueUrl: string }): MailMessage;
  changesRequested(p: ReviewMailBase & { note: string }): MailMessage;
  published(p: ReviewMailBase & { publicUrl: string }): MailMessage;
  scheduled(p: ReviewMailBase & { at: string }): MailMessage;
}

export interface ReviewDeps {
  db: Kysely<Database>;
  articles: ArticlesRepository;
  mails: ReviewMailTexts;
  siteUrl: string;
  siteLang: Lang;
  /** Queued mail is waiting: deliver soon (the delivery also polls). */
  nudge?: () => void;
}

/** Cleared review columns: the article is a plain draft, or public. */
const CLEARED = { review_state: null, review_note: null, submitted_at: null } as const;

/**
 * The review transitions (draft → in review → changes requested → in review → published or
 * scheduled). Each one is a service function: it checks the person and the article's stage
 * (workflow.ts), changes the row only if the stage is still the one checked (a conditional
 * update, so two editors deciding at once cannot both win), records the step, audits it and
 * queues its mails, all in one transaction.
 */
export function reviewService(deps: ReviewDeps) {
  const { db, articles, mails, siteUrl, siteLang } = deps;
  const outbox = mailOutbox(db);
  const adminUrl = (id: number) => new URL(`/admin/articles/${id}`, siteUrl).href;

  async function recipient(trx: Trx, id: number | null) {
    if (id === null) return null;
    const row = await trx.selectFrom('users').select(['email', 'lang', 'disabled']).where('id', '=', id).executeTakeFirst();
    return row && row.disabled === 0 ? { email: row.email, lang: row.lang ?? siteLang } : null;
  }

  async function event(trx: Trx, articleId: number, action: 'submit' | 'request_changes' | 'approve_publish' | 'approve_schedule', actor: Actor, at: Date, extra: { note?: string; publishedAt?: string } = {}) {
    await trx
      .insertInto('article_review_events')
      .values({ article_id: articleId, action, actor: actor.email, note: extra.note ?? null, published_at: extra.publishedAt ?? null, created_at: at.toISOString() })
      .execute();
  }

  /** The stage changed since it was checked: refuse with the stage it is in now (the change is undone). */
  async function refuseNow(trx: Trx, id: number, at: Date): Promise<never> {
    const now = await articles.findById(id, trx);
    if (!now) throw new Refusal('no_article');
    throw stageRefusal(stageOf(now, at));
  }

  /** The decision mail to the article's owner, unless the owner decided it themselves. */
  async function tellOwner(trx: Trx, article: Article, actor: Actor, at: Date, compose: (base: ReviewMailBase) => MailMessage) {
    if (article.ownerId === null || article.ownerId === actor.id) return;
    const owner = await recipient(trx, article.ownerId);
    if (owner) await outbox.enqueue(trx, compose({ to: owner.email, lang: owner.lang, title: article.title, by: actor.email, articleUrl: adminUrl(article.id) }), at);
  }

  /**
   * An approval's or an editor's publication of an article that was in review (or sent back):
   * the review is over, the step recorded, audited, and its author told.
   */
  async function decideWithin(trx: Trx, before: Article, saved: Article, actor: Actor, at: Date) {
    const scheduled = saved.publishedAt > at.toISOString();
    const done = await trx.updateTable('articles').set(CLEARED).where('id', '=', before.id).where('review_state', '=', before.review.state!).executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) await refuseNow(trx, before.id, at);
    const action = scheduled ? 'approve_schedule' : 'approve_publish';
    await event(trx, before.id, action, actor, at, { publishedAt: saved.publishedAt });
    await audit(trx, { actor: actor.email, action: 'article.approve', target: `article:${before.id}`, details: { slug: saved.slug, title: saved.title, publishedAt: saved.publishedAt, scheduled } }, at);
    const publicUrl = new URL(`/news/${saved.slug}`, siteUrl).href;
    await tellOwner(trx, saved, actor, at, (base) => (scheduled ? mails.scheduled({ ...base, at: saved.publishedAt }) : mails.published({ ...base, publicUrl })));
  }

  const afterCommit = <T>(value: T) => {
    deps.nudge?.();
    return value;
  };

  return {
    /**
     * Submits a draft (never submitted, or sent back) for review; every editor and admin but the
     * submitter is told. `trx`: inside a save of the editor's form (save and submit at once).
     */
    async submitWithin(trx: Trx, article: Article, actor: Actor, at: Date): Promise<void> {
      authorize(actor, 'submit', article, at);
      const done = await trx
        .updateTable('articles')
        .set({ review_state: 'in_review', review_note: null, submitted_at: at.toISOString() })
        .where('id', '=', article.id)
        .where('status', '=', 'draft')
        .where((eb) => eb.or([eb('review_state', 'is', null), eb('review_state', '=', 'changes_requested')]))
        .executeTakeFirst();
      if (Number(done.numUpdatedRows) !== 1) await refuseNow(trx, article.id, at);
      await event(trx, article.id, 'submit', actor, at);
      await audit(trx, { actor: actor.email, action: 'article.submit', target: `article:${article.id}`, details: { slug: article.slug, title: article.title, revision: article.revision } }, at);
      const editors = await trx
        .selectFrom('users')
        .select(['email', 'lang'])
        .where('role', 'in', ['editor', 'admin'])
        .where('disabled', '=', 0)
        .where('id', '!=', actor.id)
        .orderBy('id')
        .execute();
      const queueUrl = new URL('/admin/review', siteUrl).href;
      for (const e of editors) {
        await outbox.enqueue(trx, mails.submitted({ to: e.email, lang: e.lang ?? siteLang, title: article.title, by: actor.email, articleUrl: adminUrl(article.id), queueUrl }), at);
      }
    },

    async submit(article: Article, actor: Actor, at: Date): Promise<void> {
      authorize(actor, 'submit', article, at);
      await db.transaction().execute((trx) => this.submitWithin(trx, article, actor, at));
      afterCommit(null);
    },

    /** Sends a submitted article back to its author with a note of what to change. */
    async requestChanges(article: Article, actor: Actor, note: string, at: Date): Promise<void> {
      authorize(actor, 'request_changes', article, at);
      const text = note.trim();
      if (text === '') throw new Refusal('review_note_required', {}, 'note');
      await db.transaction().execute(async (trx) => {
        const done = await trx
          .updateTable('articles')
          .set({ review_state: 'changes_requested', review_note: text })
          .where('id', '=', article.id)
          .where('review_state', '=', 'in_review')
          .where('status', '=', 'draft')
          .executeTakeFirst();
        if (Number(done.numUpdatedRows) !== 1) await refuseNow(trx, article.id, at);
        await event(trx, article.id, 'request_changes', actor, at, { note: text });
        await audit(trx, { actor: actor.email, action: 'article.request_changes', target: `article:${article.id}`, details: { slug: article.slug, title: article.title, note: text } }, at);
        await tellOwner(trx, article, actor, at, (base) => mails.changesRequested({ ...base, note: text }));
      });
      afterCommit(null);
    },

    /**
     * Approves a submitted article and publishes it now (`publishAt` null) or schedules it for a
     * time in the future, through the repository's one save path (checks of a public article
     * included: alt texts), in the same transaction as the review step.
     */
    async approve(article: Article, actor: Actor, publishAt: Date | null, at: Date): Promise<Article> {
      authorize(actor, publishAt ? 'approve_schedule' : 'approve_publish', article, at);
      if (publishAt && publishAt.getTime() <= at.getTime()) throw new Refusal('review_time_future', {}, 'publishAt');
      const input: ArticleInput = { ...inputOf(article), status: 'published', publishedAt: publishAt ?? at };
      const result = await articles.save(input, {
        editor: actor.email,
        now: at,
        keepEditedSummary: true,
        within: async (trx, saved) => {
          await decideWithin(trx, article, saved.article, actor, at);
          const details = { slug: saved.article.slug, title: saved.article.title, revision: saved.article.revision };
          if (publishAt) await audit(trx, { actor: actor.email, action: 'article.schedule', target: `article:${article.id}`, details: { ...details, publishedAt: saved.article.publishedAt } }, at);
          else await audit(trx, { actor: actor.email, action: 'article.publish', target: `article:${article.id}`, details }, at);
        },
      });
      return afterCommit(result.article);
    },

    /**
     * For a save of the editor's form that publishes or schedules (`before`: the article as the
     * editor loaded it): if it was in review or sent back, that is the editor's decision.
     */
    async publishedWithin(trx: Trx, before: Article, saved: SaveResult, actor: Actor, at: Date): Promise<void> {
      if (before.review.state !== null && saved.article.status === 'published') await decideWithin(trx, before, saved.article, actor, at);
    },

    /** A new article is its writer's own (a contributor sees only these). */
    async claimWithin(trx: Trx, saved: SaveResult, actor: Actor): Promise<void> {
      if (saved.created) await trx.updateTable('articles').set({ owner_id: actor.id }).where('id', '=', saved.article.id).execute();
    },

    /** Takes a scheduled or published article off the site: a plain draft again, out of any review. */
    async unpublish(article: Article, actor: Actor, at: Date): Promise<Article> {
      authorize(actor, 'unpublish', article, at);
      const result = await articles.save(
        { ...inputOf(article), status: 'draft' },
        {
          editor: actor.email,
          now: at,
          keepEditedSummary: true,
          within: async (trx, saved) => {
            await trx.updateTable('articles').set(CLEARED).where('id', '=', article.id).execute();
            await audit(trx, { actor: actor.email, action: 'article.unpublish', target: `article:${article.id}`, details: { slug: article.slug, revision: saved.article.revision } }, at);
          },
        },
      );
      return afterCommit(result.article);
    },

    /** The article's review steps, newest first (a short history: the audit log keeps everything). */
    async history(articleId: number, limit = 20) {
      const rows = await db
        .selectFrom('article_review_events')
        .select(['id', 'action', 'actor', 'note', 'published_at', 'created_at'])
        .where('article_id', '=', articleId)
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ id: r.id, action: r.action, actor: r.actor, note: r.note, publishedAt: r.published_at, at: r.created_at }));
    },
  };
}

export type ReviewService = ReturnType<typeof reviewService>;
export type ReviewEvent = Awaited<ReturnType<ReviewService['history']>>[number];
