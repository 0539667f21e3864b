import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Article } from '../../articles/model';
import { reviewQueue } from '../../articles/review/review-queue';
import { reviewService, type ReviewService } from '../../articles/review/review-service';
import { authorize } from '../../articles/review/workflow';
import { Refusal } from '../../errors';
import { statusOf } from '../../web/refusals';
import { renderPage } from '../../web/render';
import { Choice, Form, PageNumber, Query, RowId, Text } from '../../web/schemas';
import { parseLocalTime } from '../article-form';
import { adminI18nOf, currentUser, pageContext, sendHtml } from '../context';
import type { AdminDeps } from '../deps';
import type { AdminKey } from '../i18n';
import { ReviewQueueView, type Back } from '../views/review';
import { reviewMailTexts } from './review-mails';

const PAGE_SIZE = 50;

/** What the queue and the editor page say after a review step; only these fixed texts, never text from the URL. */
export const REVIEW_DONE: Record<string, AdminKey> = {
  submitted: 'review.done.submitted',
  changes: 'review.done.changes',
  approved: 'review.done.published',
  approvedScheduled: 'review.done.scheduled',
};

const IdParams = Type.Object({ id: RowId });
const back = Type.Optional(Choice(['queue', 'editor'] as const));
const schemas = {
  queue: { querystring: Query({ page: Type.Optional(PageNumber), done: Type.Optional(Text(40)) }) },
  submit: { params: IdParams, body: Form({ back }) },
  requestChanges: { params: IdParams, body: Form({ note: Type.Optional(Text(4000)), back }) },
  approvePublish: { params: IdParams, body: Form({ back }) },
  approveSchedule: { params: IdParams, body: Form({ publishAt: Type.Optional(Text(100)), back }) },
};

/** The review service as the admin runs it: the catalogue's mails, delivered soon after each step. */
export function reviewFor(app: FastifyInstance, deps: AdminDeps): ReviewService {
  return reviewService({
    db: deps.db,
    articles: deps.articles,
    mails: reviewMailTexts(deps.site.zone),
    siteUrl: deps.config.SITE_URL,
    siteLang: deps.site.lang,
    nudge: () => app.mailDelivery?.nudge(),
  });
}

/**
 * The review queue and the review steps. The steps' routes are open to every signed-in role:
 * the service decides (workflow.ts), so a contributor's crafted approval is refused by name
 * (403) rather than by the route table, and the CLI would be refused the same way.
 */
export const reviewRoutes: FastifyPluginAsyncTypebox<AdminDeps> = async (app, deps) => {
  const review = reviewFor(app, deps);
  const queue = reviewQueue(deps.db);
  const anyone = { config: { admin: 'contributor' as const } };

  async function load(id: number): Promise<Article> {
    const article = await deps.articles.findById(id);
    if (!article) throw new Refusal('no_article');
    return article;
  }

  async function showQueue(request: FastifyRequest, reply: FastifyReply, page: number, extra: { notice?: string | null; error?: string | null } = {}) {
    const list = await queue.list(page, PAGE_SIZE);
    const pages = Math.max(1, Math.ceil(list.total / PAGE_SIZE));
    const ctx = pageContext(request, reply, deps.site);
    return sendHtml(reply, renderPage(ReviewQueueView({ ctx, items: list.items, total: list.total, page, pages, ...extra })));
  }

  app.get('/admin/review', { config: { admin: 'editor' }, schema: schemas.queue }, async (request, reply) => {
    const done = request.query.done ?? '';
    // Own keys only: ?done=constructor says nothing.
    const notice = Object.hasOwn(REVIEW_DONE, done) ? adminI18nOf(request, deps.site).t(REVIEW_DONE[done]!) : null;
    return showQueue(request, reply, request.query.page ?? 1, { notice });
  });

  /**
   * Runs one step and answers where its form was: the queue or the article. A refusal an editor
   * can act on (a note left out, a time in the past, someone else decided first) comes back on
   * the queue with its message; anything else is the admin's error page with its status.
   */
  async function step(request: FastifyRequest, reply: FastifyReply, id: number, to: Back | undefined, work: () => Promise<string>) {
    let outcome: string;
    try {
      outcome = await work();
    } catch (error) {
      const user = currentUser(request);
      if (to !== 'queue' || user.role === 'contributor' || !(error instanceof Refusal) || statusOf(error.code) >= 500 || error.code === 'no_article') throw error;
      reply.status(statusOf(error.code));
      return showQueue(request, reply, 1, { error: adminI18nOf(request, deps.site).refusal(error) });
    }
    return reply.redirect(to === 'queue' ? `/admin/review?done=${outcome}` : `/admin/articles/${id}?done=${outcome}`, 303);
  }

  app.post('/admin/articles/:id/submit', { ...anyone, schema: schemas.submit }, async (request, reply) => {
    const user = currentUser(request);
    return step(request, reply, request.params.id, request.body.back ?? 'editor', async () => {
      await review.submit(await load(request.params.id), user, deps.now());
      return 'submitted';
    });
  });

  app.post('/admin/articles/:id/request-changes', { ...anyone, schema: schemas.requestChanges }, async (request, reply) => {
    const user = currentUser(request);
    return step(request, reply, request.params.id, request.body.back, async () => {
      await review.requestChanges(await load(request.params.id), user, request.body.note ?? '', deps.now());
      return 'changes';
    });
  });

  app.post('/admin/articles/:id/approve-publish', { ...anyone, schema: schemas.approvePublish }, async (request, reply) => {
    const user = currentUser(request);
    return step(request, reply, request.params.id, request.body.back, async () => {
      await review.approve(await load(request.params.id), user, null, deps.now());
      return 'approved';
    });
  });

  app.post('/admin/articles/:id/approve-schedule', { ...anyone, schema: schemas.approveSchedule }, async (request, reply) => {
    const user = currentUser(request);
    return step(request, reply, request.params.id, request.body.back, async () => {
      const article = await load(request.params.id);
      const at = deps.now();
      const publishAt = parseLocalTime((request.body.publishAt ?? '').trim(), deps.site.zone);
      // The role and stage come first: a contributor's crafted post is a 403 whatever time it carries.
      if (!publishAt) {
        authorize(user, 'approve_schedule', article, at);
        throw new Refusal('review_time_future', {}, 'publishAt');
      }
      await review.approve(article, user, publishAt, at);
      return 'approvedScheduled';
    });
  });
};
