import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest, preValidationHookHandler } from 'fastify';
import { Type } from 'typebox';
import { authorsRepository } from '../../articles/authors/authors-repository';
import { composeBody } from '../../articles/compose';
import type { ListStatus } from '../../articles/editor-queries';
import type { Article, ArticleInput } from '../../articles/model';
import { recomputeSummary } from '../../articles/recompute-summaries';
import { diffRevisions, snapshotToInput } from '../../articles/revisions';
import { authorize, may, stageOf, type Step } from '../../articles/review/workflow';
import { audit } from '../../audit/audit';
import { segment } from '../../summary';
import { Refusal } from '../../errors';
import { displayName } from '../../media/library';
import type { MediaItem } from '../../media/model';
import { sizeText } from '../../media/pipeline';
import { statusOf } from '../../web/refusals';
import { renderPage } from '../../web/render';
import { Choice, Form, PageNumber, Query, RowId, Text } from '../../web/schemas';
import { emptyForm, formFromArticle, LIMITS, readArticleForm, toLocalInput, validateArticleForm, type ArticleForm, type FieldErrors } from '../article-form';
import { adminI18nOf, currentUser, pageContext, sendHtml } from '../context';
import type { AdminI18n, AdminKey } from '../i18n';
import type { AdminDeps } from '../deps';
import { field, fields, formBody, type FormBody } from '../forms';
import { checkCsrfFirst, checkFields, partsOf, readParts, saveFilePart, takeField, wantedFilePart } from '../multipart-form';
import { ArticleEditView, ArticleListView, articleState, SummaryEditView, type Preview } from '../views/articles';
import { DiffView, diffWords, RevisionsView } from '../views/revisions';
import { previewLinksBox } from '../previews/preview-routes';
import { loadConflict, type Conflict } from '../conflict';
import { discardAfterSave, pendingWorkingCopy } from './editing-routes';
import { ChangesRequested, ReviewBox } from '../views/review';
import { REVIEW_DONE, reviewFor } from './review-routes';

const PAGE_SIZE = 25;
/** The longest text field a multipart editor post may carry: the body's 240,000 characters in UTF-8. */
const FIELD_SIZE = 1024 * 1024;

/** The editor's image file: streamed to a temporary file, or refused by the parser (over MEDIA_MAX_BYTES). */
type Upload = { file: string; name: string } | { refused: Refusal };
const STATUSES: readonly ListStatus[] = ['draft', 'published', 'scheduled', 'in_review', 'changes_requested'];
const ACTIONS = ['preview', 'save', 'publish', 'schedule', 'submit'] as const;
type Action = (typeof ACTIONS)[number];
/** An editor's summary: at least one point, and few enough to stay a summary. */
export const MIN_POINTS = 1;
export const MAX_POINTS = 7;

/** Outcomes shown after a redirect; only these fixed texts (catalogue keys), never text from the URL. */
const DONE: Record<string, AdminKey> = {
  created: 'articles.done.created',
  saved: 'articles.done.saved',
  published: 'articles.done.published',
  scheduled: 'articles.done.scheduled',
  unpublished: 'articles.done.unpublished',
  restored: 'articles.done.restored',
  summary: 'articles.done.summary',
  recomputed: 'articles.done.recomputed',
  nochange: 'articles.done.nochange',
  ...REVIEW_DONE,
};
/** The outcome's text in this person's language; an unknown ?done= says nothing (own keys only, not the prototype's). */
const doneText = (i18n: AdminI18n, done: string | undefined) => (done !== undefined && Object.hasOwn(DONE, done) ? i18n.t(DONE[done]!) : null);

const IdParams = Type.Object({ id: RowId });
const Done = Query({ done: Type.Optional(Text(40)) });
const line = Type.Optional(Text(2000));
const ArticleBody = Form({
  title: line,
  slug: line,
  standfirst: Type.Optional(Text(10_000)),
  bodyMd: Type.Optional(Text(240_000)),
  author: line,
  rubric: line,
  tags: line,
  heroMedia: line,
  heroUrl: line,
  heroAlt: line,
  heroCredit: line,
  publishAt: Type.Optional(Text(100)),
  revision: Type.Optional(Text(20)),
  action: Type.Optional(Choice(ACTIONS)),
});
const schemas = {
  /** The editor's fields, also when posted as multipart (checked by the handler, the file apart). */
  editorFields: ArticleBody,
  list: { querystring: Query({ q: Type.Optional(Text(1000)), status: Type.Optional(Choice(['', ...STATUSES] as const)), rubric: Type.Optional(Text(200)), page: Type.Optional(PageNumber) }) },
  create: { body: ArticleBody },
  edit: { params: IdParams, body: ArticleBody },
  show: { params: IdParams, querystring: Done },
  action: { params: IdParams, body: Form({}) },
  diff: { params: IdParams, querystring: Query({ from: RowId, to: RowId }) },
  restore: { params: Type.Object({ id: RowId, rev: RowId }), body: Form({}) },
  summary: { params: IdParams, body: Form({ revision: Type.Optional(Text(20)), sentence: Type.Optional(Type.Union([Text(10), Type.Array(Text(10), { maxItems: 10_000 })])) }) },
  blank: {},
};

export const articleRoutes: FastifyPluginAsyncTypebox<AdminDeps> = async (app, deps) => {
  const { articles, editor, revisions, now, db, media } = deps;
  const zone = deps.site.zone;
  // Every signed-in role reaches these routes; what each may do to which article is decided per
  // request by the review workflow (articles/review/workflow.ts): a contributor only their own.
  const editorOnly = { config: { admin: 'contributor' as const } };
  const review = reviewFor(app, deps);

  async function load(id: number): Promise<Article> {
    const article = await articles.findById(id);
    if (!article) throw new Refusal('no_article');
    return article;
  }
  /** The article, if this person may take this step on it now (else a 403 or 409 refusal). */
  async function loadFor(request: FastifyRequest, id: number, step: Step): Promise<Article> {
    const article = await load(id);
    authorize(currentUser(request), step, article, now());
    return article;
  }
  const rubrics = async () => (await articles.listRubrics()).map((r) => ({ slug: r.slug, name: r.name }));
  const done = (id: number, outcome: keyof typeof DONE) => `/admin/articles/${id}?done=${outcome}`;
  /**
   * The form's suggestions: its library image (for its preview), the newest ones (the number
   * field's) and the known authors' names (the byline's).
   */
  async function mediaFor(form: ArticleForm): Promise<{ heroItem: MediaItem | null; recentMedia: MediaItem[]; authorNames: string[] }> {
    const id = /^\d{1,9}$/.test(form.heroMedia) ? Number(form.heroMedia) : 0;
    const [heroItem, recent, authors] = await Promise.all([id > 0 ? media.repo.findById(id) : null, media.repo.list({ limit: 30 }), authorsRepository(db).names()]);
    return { heroItem, recentMedia: recent.items, authorNames: authors.map((a) => a.name) };
  }
  /**
   * The editor's file into the library, described with the alt text and credit typed beside it
   * (when they fit), so that the picture is described wherever it is used next. A refusal of the
   * library's (not an image, too large, a bomb, SVG…) is returned to be shown beside the picker.
   */
  async function addUpload(upload: { file: string; name: string }, form: ArticleForm, actor: string, at: Date): Promise<MediaItem | Refusal> {
    const fits = (text: string, limit: number) => (text.length <= limit ? text : '');
    try {
      const { item } = await media.add({ file: upload.file, name: upload.name, actor, alt: fits(form.heroAlt, LIMITS.heroAlt), credit: fits(form.heroCredit, LIMITS.heroCredit) }, at);
      return item;
    } catch (error) {
      if (!(error instanceof Refusal) || statusOf(error.code) >= 500) throw error;
      return error;
    }
  }

  app.get('/admin/articles', { ...editorOnly, schema: schemas.list }, async (request, reply) => {
    const q = (request.query.q ?? '').trim().slice(0, 200);
    const status = request.query.status ?? '';
    const rubric = (request.query.rubric ?? '').slice(0, 60);
    const page = request.query.page ?? 1;
    const at = now();
    const user = currentUser(request);
    // A contributor's list holds their own articles only.
    const own = user.role === 'contributor' ? { ownerId: user.id } : {};
    const list = await editor.list({ q, ...(status ? { status: status as ListStatus } : {}), ...(rubric ? { rubric } : {}), ...own, page, pageSize: PAGE_SIZE, now: at });
    const pages = Math.max(1, Math.ceil(list.total / PAGE_SIZE));
    const ctx = pageContext(request, reply, deps.site);
    const view = ArticleListView({ ctx, items: list.items, total: list.total, page, pages, filters: { q, status: status as ListStatus | '', rubric }, rubrics: await rubrics() });
    return sendHtml(reply, renderPage(view));
  });

  app.get('/admin/articles/new', { ...editorOnly, schema: schemas.blank }, async (request, reply) => {
    const ctx = pageContext(request, reply, deps.site);
    const form = emptyForm('');
    return sendHtml(reply, renderPage(ArticleEditView({ ctx, article: null, form, errors: {}, rubrics: await rubrics(), now: now(), ...(await mediaFor(form)) })));
  });

  app.get('/admin/articles/:id', { ...editorOnly, schema: schemas.show }, async (request, reply) => {
    const article = await loadFor(request, request.params.id, 'open');
    const ctx = pageContext(request, reply, deps.site);
    const notice = doneText(ctx.i18n, request.query.done);
    const form = formFromArticle(article, zone);
    // Preview links are made by editors (their routes say so); a contributor's page has none.
    const previewLinks = may(currentUser(request), 'publish', article, now()) ? await previewLinksBox(deps, request, reply, ctx, article) : null;
    const workingCopy = await pendingWorkingCopy(deps, currentUser(request), article);
    const view = ArticleEditView({ ctx, article, form, errors: {}, rubrics: await rubrics(), now: now(), notice, previewLinks, workingCopy, review: await reviewParts(request, ctx, article), ...(await mediaFor(form)) });
    return sendHtml(reply, renderPage(view));
  });

  /** The review box and the note of a sent-back draft, for this person and this article. */
  async function reviewParts(request: FastifyRequest, ctx: ReturnType<typeof pageContext>, article: Article) {
    const user = currentUser(request);
    const at = now();
    const history = await review.history(article.id);
    const stage = stageOf(article, at);
    const lastRequest = history.find((e) => e.action === 'request_changes') ?? null;
    // Submitting is a writer's step: an editor decides instead.
    const canSubmit = user.role === 'contributor' && may(user, 'submit', article, at);
    return {
      stage,
      canEdit: may(user, 'edit', article, at),
      may: { publish: may(user, 'publish', article, at), unpublish: may(user, 'unpublish', article, at), submit: canSubmit },
      note: <ChangesRequested ctx={ctx} article={article} by={lastRequest} />,
      box: (
        <ReviewBox
          ctx={ctx}
          article={article}
          stage={stage}
          canSubmit={canSubmit}
          canDecide={may(user, 'approve_publish', article, at)}
          history={history}
        />
      ),
    };
  }

  // The editor's form is multipart (its image box has a file picker); an urlencoded post of the
  // same fields works as well. Multipart is parsed only for these two routes.
  const editorForm: FastifyPluginAsyncTypebox = async (scope) => {
    await scope.register(multipart, {
      // A file over the limit is cut there and refused by name beside the image field, not buffered.
      throwFileSizeLimit: false,
      limits: { fileSize: media.limits.maxBytes, files: 1, fields: 40, fieldSize: FIELD_SIZE, parts: 41, headerPairs: 100 },
    });
    const csrf: preValidationHookHandler = (request, reply, done) =>
      request.isMultipart() ? checkCsrfFirst(scope, request, reply, done, 1) : scope.csrfProtection(request, reply, done);
    const options = { config: { admin: 'contributor' as const, csrf: 'route' as const }, preValidation: csrf };
    scope.post('/admin/articles', { ...options, schema: schemas.create }, async (request, reply) => editorPost(request, reply, null));
    scope.post('/admin/articles/:id', { ...options, schema: schemas.edit }, async (request, reply) => editorPost(request, reply, await loadFor(request, request.params.id, 'edit')));
  };
  await app.register(editorForm);

  /** The editor's post: its fields, and when it is multipart the image file streamed to a temporary folder first. */
  async function editorPost(request: FastifyRequest, reply: FastifyReply, article: Article | null) {
    if (!request.isMultipart()) return submit(request, reply, article, formBody(request.body), null);
    const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'paddock-editor-'));
    try {
      const fields: Record<string, string> = {};
      let upload: Upload | null = null;
      await readParts(partsOf(request), 1, async (part) => {
        if (part.type === 'field') return takeField(fields, part, FIELD_SIZE);
        if (!wantedFilePart(part, 'heroFile')) return;
        const name = displayName(part.filename);
        const file = path.join(dir, 'upload');
        upload = (await saveFilePart(part, file)) ? { file, name } : { refused: new Refusal('media_too_large', { name, limit: sizeText(media.limits.maxBytes) }, 'heroFile') };
      });
      checkFields(schemas.editorFields, fields);
      return await submit(request, reply, article, fields, upload);
    } finally {
      await fs.promises.rm(dir, { recursive: true, force: true });
    }
  }

  /** Create or edit: validate → (preview | check conflicts → decide status and time → save → audit). */
  async function submit(request: FastifyRequest, reply: FastifyReply, article: Article | null, body: FormBody, upload: Upload | null) {
    const user = currentUser(request);
    let form = readArticleForm(body);
    const action = (field(body, 'action') || 'save') as Action;
    const at = now();
    const i18n = adminI18nOf(request, deps.site);
    // Publishing, scheduling and submitting are steps of the review workflow: a contributor's
    // crafted "publish" is refused here, before anything is read or stored.
    if (action === 'publish' || action === 'schedule' || action === 'submit') authorize(user, action, article, at);
    const rubricList = await rubrics();
    let notice: string | null = null;
    const show = async (status: number, extra: { errors?: FieldErrors; error?: string; preview?: Preview; form?: ArticleForm; conflict?: Conflict | null } = {}) => {
      const ctx = pageContext(request, reply, deps.site);
      const shown = extra.form ?? form;
      const parts = article ? await reviewParts(request, ctx, article) : undefined;
      const view = ArticleEditView({ ctx, article, form: shown, errors: extra.errors ?? {}, rubrics: rubricList, now: at, error: extra.error ?? null, preview: extra.preview ?? null, conflict: extra.conflict ?? null, notice, ...(parts ? { review: parts } : {}), ...(await mediaFor(shown)) });
      return sendHtml(reply.status(status), renderPage(view));
    };

    if (upload) {
      // The picture goes into the library first (its own audited change, media.add) and becomes
      // the form's library image. A refused file changes nothing: the form comes back as typed,
      // the library's message beside the file picker. An accepted one stays in the library and
      // stays chosen even if the article is then refused, so the editor never uploads it twice.
      const added = 'refused' in upload ? upload.refused : await addUpload(upload, form, user.email, at);
      if (added instanceof Refusal) return show(statusOf(added.code), { errors: { heroFile: i18n.refusal(added) } });
      form = { ...form, heroMedia: String(added.id) };
      notice = i18n.t('articles.upload.added', { id: added.id, name: added.originalName });
    }

    const checked = validateArticleForm(form, { zone, rubrics: rubricList, i18n, ...(article ? { currentSlug: article.slug } : {}) });
    if (!checked.ok) return show(400, { errors: checked.errors });
    const content = checked.content;
    if (action === 'preview') {
      const composed = composeBody(content.bodyMd, content.title, content.standfirst);
      return show(200, { preview: { bodyHtml: composed.bodyHtml, summary: composed.summary } });
    }
    if (article && form.revision !== String(article.revision)) {
      return show(409, {
        error: i18n.t('articles.conflict', { revision: article.revision, from: form.revision || '?' }),
        form: { ...form, revision: String(article.revision) },
        conflict: await loadConflict(revisions, article, form, zone),
      });
    }
    if (!article && (await articles.findBySlug(content.slug))) {
      return show(409, { errors: { slug: i18n.t('articles.slugExists', { slug: content.slug }) } });
    }

    const state = article ? articleState(article, at) : null;
    const keptTime = article && form.publishAt === toLocalInput(article.publishedAt, zone) ? new Date(article.publishedAt) : null;
    let status: ArticleInput['status'];
    let publishedAt: Date;
    if (action === 'schedule') {
      if (!content.publishAt || content.publishAt.getTime() <= at.getTime()) {
        return show(400, { errors: { publishAt: i18n.t('articles.scheduleNeedsTime') } });
      }
      status = 'published';
      publishedAt = content.publishAt;
    } else if (action === 'publish') {
      status = 'published';
      publishedAt = state === 'published' ? new Date(article!.publishedAt) : at;
    } else if (user.role === 'contributor') {
      // A contributor's draft stays a draft; its publication time is the editor's to choose.
      status = 'draft';
      publishedAt = article ? new Date(article.publishedAt) : at;
    } else {
      status = article?.status ?? 'draft';
      publishedAt = keptTime ?? content.publishAt ?? (article ? new Date(article.publishedAt) : at);
    }

    const { publishAt: _ignored, ...rest } = content;
    let result;
    try {
      result = await articles.save(
        { ...rest, status, publishedAt },
        {
          editor: user.email,
          now: at,
          keepEditedSummary: true,
          ...(article ? { renameFrom: article.slug } : {}),
          // In the save's transaction: a new article is its writer's; publishing a submitted one
          // is the editor's decision on it; "Submit for review" saves and submits at once.
          within: async (trx, saved) => {
            await review.claimWithin(trx, saved, user);
            if (article) await review.publishedWithin(trx, article, saved, user, at);
            if (action === 'submit') {
              if (saved.changed) await audit(trx, { actor: user.email, action: article ? 'article.edit' : 'article.create', target: `article:${saved.article.id}`, details: { slug: saved.article.slug, title: saved.article.title, revision: saved.article.revision } }, at);
              await review.submitWithin(trx, { ...saved.article, ownerId: saved.created ? user.id : saved.article.ownerId }, user, at);
            }
          },
        },
      );
    } catch (error) {
      // A refusal about one of the form's fields (an image without alt text) is shown beside it, with the text kept.
      if (!(error instanceof Refusal) || !error.field || !(error.field in form) || statusOf(error.code) >= 500) throw error;
      return show(statusOf(error.code), { errors: { [error.field]: i18n.refusal(error) } });
    }
    const saved = result.article;
    // Saved: this person's working copy of it is spent (a new article's goes with its tab, editor.js).
    await discardAfterSave(deps, user, { articleId: saved.id });
    if (action === 'submit') {
      app.mailDelivery?.nudge();
      return reply.redirect(done(saved.id, 'submitted'), 303);
    }
    if (!result.changed) return reply.redirect(done(saved.id, 'nochange'), 303);

    const target = `article:${saved.id}`;
    const details = { slug: saved.slug, title: saved.title, revision: saved.revision, ...(article && article.slug !== saved.slug ? { previousSlug: article.slug } : {}) };
    const newState = articleState(saved, at);
    if (!article) await audit(db, { actor: user.email, action: 'article.create', target, details }, at);
    else await audit(db, { actor: user.email, action: 'article.edit', target, details }, at);
    if (newState === 'published' && state !== 'published') await audit(db, { actor: user.email, action: 'article.publish', target, details }, at);
    if (newState === 'scheduled' && (state !== 'scheduled' || article?.publishedAt !== saved.publishedAt)) {
      await audit(db, { actor: user.email, action: 'article.schedule', target, details: { ...details, publishedAt: saved.publishedAt } }, at);
    }
    const outcome = newState === 'published' && state !== 'published' ? 'published' : newState === 'scheduled' && state !== 'scheduled' ? 'scheduled' : article ? 'saved' : 'created';
    return reply.redirect(done(saved.id, outcome), 303);
  }

  app.post('/admin/articles/:id/unpublish', { ...editorOnly, schema: schemas.action }, async (request, reply) => {
    const article = await load(request.params.id);
    await review.unpublish(article, currentUser(request), now());
    return reply.redirect(done(article.id, 'unpublished'), 303);
  });

  app.get('/admin/articles/:id/revisions', { ...editorOnly, schema: schemas.show }, async (request, reply) => {
    const article = await loadFor(request, request.params.id, 'open');
    const ctx = pageContext(request, reply, deps.site);
    const canRestore = may(currentUser(request), 'restore', article, now());
    return sendHtml(reply, renderPage(RevisionsView({ ctx, article, revisions: await revisions.list(article.id), notice: doneText(ctx.i18n, request.query.done), canRestore })));
  });

  app.get('/admin/articles/:id/diff', { ...editorOnly, schema: schemas.diff }, async (request, reply) => {
    const article = await loadFor(request, request.params.id, 'open');
    const { from, to } = request.query;
    const [a, b] = await Promise.all([revisions.get(article.id, from), revisions.get(article.id, to)]);
    if (!a || !b) throw new Refusal('no_revision', { revision: !a ? from : to, last: article.revision }, !a ? 'from' : 'to');
    const ctx = pageContext(request, reply, deps.site);
    return sendHtml(reply, renderPage(DiffView({ ctx, article, from, to, diffs: diffRevisions(a, b, diffWords(ctx.i18n)) })));
  });

  app.post('/admin/articles/:id/revisions/:rev/restore', { ...editorOnly, schema: schemas.restore }, async (request, reply) => {
    const user = currentUser(request);
    const article = await loadFor(request, request.params.id, 'restore');
    const number = request.params.rev;
    const revision = await revisions.get(article.id, number);
    if (!revision) throw new Refusal('no_revision', { revision: number, last: article.revision }, 'rev');
    const at = now();
    // Content comes back; whether and when the article is public stays as it is now.
    const input: ArticleInput = { ...snapshotToInput(revision.snapshot), slug: article.slug, status: article.status, publishedAt: new Date(article.publishedAt) };
    // The revision's own summary comes back with its body (its points are sentences of that body).
    const summary = revision.summary ? { value: revision.summary, edited: revision.summaryEdited } : undefined;
    const result = await articles.save(input, { editor: user.email, now: at, keepEditedSummary: true, ...(summary ? { summary } : {}) });
    if (!result.changed) return reply.redirect(`/admin/articles/${article.id}/revisions?done=nochange`, 303);
    await audit(db, { actor: user.email, action: 'article.restore', target: `article:${article.id}`, details: { slug: article.slug, restored: number, revision: result.article.revision } }, at);
    return reply.redirect(`/admin/articles/${article.id}/revisions?done=restored`, 303);
  });

  function sentencesOf(article: Article) {
    return segment(article.plainText, article.summary?.lang ?? 'und');
  }

  app.get('/admin/articles/:id/summary', { ...editorOnly, schema: schemas.show }, async (request, reply) => {
    const article = await loadFor(request, request.params.id, 'edit');
    const chosen = new Set((article.summary?.points ?? []).map((p) => p.sentence));
    const sentences = sentencesOf(article).map((s) => ({ index: s.index, text: s.text, chosen: chosen.has(s.index) }));
    const ctx = pageContext(request, reply, deps.site);
    return sendHtml(reply, renderPage(SummaryEditView({ ctx, article, sentences, min: MIN_POINTS, max: MAX_POINTS })));
  });

  app.post('/admin/articles/:id/summary', { ...editorOnly, schema: schemas.summary }, async (request, reply) => {
    const user = currentUser(request);
    const article = await loadFor(request, request.params.id, 'edit');
    const body = formBody(request.body);
    const all = sentencesOf(article);
    const picked = fields(body, 'sentence');
    const { t } = adminI18nOf(request, deps.site);
    const refuse = (status: number, error: string) => {
      const chosen = new Set(picked);
      const sentences = all.map((s) => ({ index: s.index, text: s.text, chosen: chosen.has(String(s.index)) }));
      const ctx = pageContext(request, reply, deps.site);
      return sendHtml(reply.status(status), renderPage(SummaryEditView({ ctx, article, sentences, error, min: MIN_POINTS, max: MAX_POINTS })));
    };
    if (field(body, 'revision') !== String(article.revision)) {
      return refuse(409, t('articles.summaryEdit.changed', { revision: article.revision }));
    }
    const indexes = [...new Set(picked)].map((p) => (/^\d{1,6}$/.test(p) ? Number(p) : -1));
    // Every point must be a sentence of the article, so each one still traces back to it.
    if (indexes.some((i) => i < 0 || i >= all.length)) return refuse(400, t('articles.summaryEdit.notSentence'));
    if (indexes.length < MIN_POINTS || indexes.length > MAX_POINTS) {
      return refuse(400, t('articles.summaryEdit.count', { min: MIN_POINTS, max: MAX_POINTS, n: indexes.length }));
    }
    const points = indexes.sort((a, b) => a - b).map((i) => {
      const s = all[i]!;
      return { text: s.text, sentence: s.index, start: s.start, end: s.end };
    });
    const at = now();
    const saved = await articles.setSummary(article.id, { points, lang: article.summary?.lang ?? 'und' }, true, { editor: user.email, now: at });
    await audit(db, { actor: user.email, action: 'summary.edit', target: `article:${article.id}`, details: { sentences: indexes, revision: saved?.revision } }, at);
    return reply.redirect(done(article.id, 'summary'), 303);
  });

  app.post('/admin/articles/:id/summary/recompute', { ...editorOnly, schema: schemas.action }, async (request, reply) => {
    const user = currentUser(request);
    const article = await loadFor(request, request.params.id, 'edit');
    await recomputeSummary(deps, article, user.email, now());
    return reply.redirect(done(article.id, 'recomputed'), 303);
  });
};

