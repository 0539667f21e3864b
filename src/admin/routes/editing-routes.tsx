import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { SessionUser } from '../../accounts/sessions';
import { composeBody } from '../../articles/compose';
import type { Article } from '../../articles/model';
import { authorize } from '../../articles/review/workflow';
import { DRAFT_KEY_PATTERN, workingCopies, type WorkingCopy, type WorkingCopySlot } from '../../articles/working-copies';
import { Refusal } from '../../errors';
import { Form, RowId, Text } from '../../web/schemas';
import { formFromArticle, LIMITS, readArticleForm, type ArticleForm } from '../article-form';
import { adminI18nOf, currentUser } from '../context';
import type { AdminDeps } from '../deps';

/**
 * The editor's helpers that work over fetch from admin/editor.js: working copies (autosave) and
 * the live preview of the summary. All take and give JSON; the admin area checks the CSRF token
 * of every PUT, POST and DELETE (sent as the x-csrf-token header) and who may come in; these
 * routes check whose article it is.
 */

/**
 * The editor form's fields, with the editor's own limits (admin/article-form.ts LIMITS: what the
 * form's inputs let a person type and what saving accepts). The body's limit is in bytes: the
 * schema bounds its characters, the handler its bytes.
 */
const WorkingCopyBody = Form({
  title: Type.Optional(Text(LIMITS.title)),
  slug: Type.Optional(Text(LIMITS.slug)),
  standfirst: Type.Optional(Text(LIMITS.standfirst)),
  bodyMd: Type.Optional(Text(LIMITS.bodyBytes)),
  author: Type.Optional(Text(LIMITS.author)),
  rubric: Type.Optional(Text(LIMITS.rubric)),
  // As many tags as may be saved, each as long as allowed, with their ", " separators.
  tags: Type.Optional(Text(LIMITS.tags * (LIMITS.tag + 2))),
  heroMedia: Type.Optional(Text(12)),
  heroUrl: Type.Optional(Text(LIMITS.heroUrl)),
  heroAlt: Type.Optional(Text(LIMITS.heroAlt)),
  heroCredit: Type.Optional(Text(LIMITS.heroCredit)),
  publishAt: Type.Optional(Text(100)),
  revision: Type.Optional(Text(20)),
});
const SummaryPreviewBody = Form({
  title: Type.Optional(Text(LIMITS.title)),
  standfirst: Type.Optional(Text(LIMITS.standfirst)),
  bodyMd: Text(LIMITS.bodyBytes),
});
const IdParams = Type.Object({ id: RowId });
const KeyParams = Type.Object({ key: Text(64, { pattern: DRAFT_KEY_PATTERN }) });
/** The body's bytes and its JSON escaping fit; the schema and the byte check say what is wrong. */
const BODY_LIMIT = 2 * LIMITS.bodyBytes + 64 * 1024;

const schemas = {
  getArticle: { params: IdParams },
  putArticle: { params: IdParams, body: WorkingCopyBody },
  getDraft: { params: KeyParams },
  putDraft: { params: KeyParams, body: WorkingCopyBody },
  summary: { body: SummaryPreviewBody },
};

/** Autosave sends a copy a few seconds after typing stops: a person typing all minute stays well under this. */
const PUTS_PER_MINUTE = 120;
/** The summarizer is the costly part: the client asks at most every couple of seconds while the body changes. */
const SUMMARIES_PER_MINUTE = 30;
/** Limits count per person, not per address: a newsroom shares one address behind its router. */
const perPerson = (request: FastifyRequest) => (request.adminUser ? `user:${request.adminUser.id}` : request.ip);

/** The form's fields as stored in a working copy: everything but the revision, which is kept apart. */
function storedFields(form: ArticleForm): Record<string, string> {
  const { revision: _revision, ...fields } = form;
  return fields;
}

/** A working copy differs from the article when any field as the editor would show it differs. */
export function differsFromArticle(copy: WorkingCopy, article: Article, zone: string): boolean {
  const current = storedFields(formFromArticle(article, zone));
  return Object.entries(current).some(([name, value]) => (copy.fields[name] ?? '') !== value);
}

export interface PendingWorkingCopy {
  savedAt: string;
  /** The revision its text started from, and the article's now: they differ when someone saved since. */
  baseRevision: number | null;
  currentRevision: number | null;
}

/**
 * The person's unsaved changes to this article, when there are any worth offering back (their
 * text differs from the article as it is): what the editor page shows as "You have unsaved
 * changes from … — restore / discard".
 */
export async function pendingWorkingCopy(deps: Pick<AdminDeps, 'db' | 'site'>, user: SessionUser, article: Article): Promise<PendingWorkingCopy | null> {
  const copy = await workingCopies(deps.db).get(user.id, { articleId: article.id });
  if (!copy || !differsFromArticle(copy, article, deps.site.zone)) return null;
  return { savedAt: copy.savedAt, baseRevision: copy.baseRevision, currentRevision: article.revision };
}

/** After a successful save the person's working copy is spent: the editor calls this (article-routes.tsx). */
export async function discardAfterSave(deps: Pick<AdminDeps, 'db'>, user: SessionUser, slot: WorkingCopySlot): Promise<void> {
  await workingCopies(deps.db).discard(user.id, slot);
}

export const editingRoutes: FastifyPluginAsyncTypebox<AdminDeps> = async (app, deps) => {
  const copies = workingCopies(deps.db);
  const contributor = { admin: 'contributor' as const };
  const putLimit = { rateLimit: { max: PUTS_PER_MINUTE, timeWindow: 60_000, keyGenerator: perPerson } };

  /**
   * The article, if this person may edit it (their working copy of it included): the review
   * workflow's one ownership check (articles/review/workflow.ts) — editors and admins any article,
   * a contributor only their own draft before it is submitted or once it is sent back. A refusal
   * is 403 (not theirs) or 409 (not editable at its stage).
   */
  async function editable(request: FastifyRequest, id: number): Promise<{ user: SessionUser; article: Article }> {
    const user = currentUser(request);
    const article = await deps.articles.findById(id);
    if (!article) throw new Refusal('no_article');
    authorize(user, 'edit', article, deps.now());
    return { user, article };
  }

  function readCopy(body: Record<string, unknown>): { fields: Record<string, string>; revision: number | null } {
    const form = readArticleForm(body);
    if (Buffer.byteLength(form.bodyMd) > LIMITS.bodyBytes) throw new Refusal('body_too_large', { limit: `${LIMITS.bodyBytes / 1024} KB` }, 'bodyMd');
    return { fields: storedFields(form), revision: /^\d{1,9}$/.test(form.revision) ? Number(form.revision) : null };
  }

  function present(request: FastifyRequest, copy: WorkingCopy, extra: Record<string, unknown> = {}) {
    const i18n = adminI18nOf(request, deps.site);
    return { fields: copy.fields, baseRevision: copy.baseRevision, savedAt: copy.savedAt, savedAtText: i18n.time(copy.savedAt), ...extra };
  }

  function saved(request: FastifyRequest, copy: WorkingCopy) {
    const i18n = adminI18nOf(request, deps.site);
    return { savedAt: copy.savedAt, savedAtText: i18n.time(copy.savedAt), message: i18n.t('editing.wc.saved', { time: i18n.time(copy.savedAt).slice(-5) }) };
  }

  app.get('/admin/articles/:id/working-copy', { config: contributor, schema: schemas.getArticle }, async (request) => {
    const { user, article } = await editable(request, request.params.id);
    const copy = await copies.get(user.id, { articleId: article.id });
    if (!copy) throw new Refusal('no_working_copy');
    return present(request, copy, { articleRevision: article.revision, differs: differsFromArticle(copy, article, deps.site.zone) });
  });

  app.put('/admin/articles/:id/working-copy', { config: { ...contributor, ...putLimit }, bodyLimit: BODY_LIMIT, schema: schemas.putArticle }, async (request) => {
    const { user, article } = await editable(request, request.params.id);
    const { fields, revision } = readCopy(request.body);
    const copy = await copies.put(user.id, { articleId: article.id }, { fields, baseRevision: revision ?? article.revision }, deps.now());
    return saved(request, copy);
  });

  app.delete('/admin/articles/:id/working-copy', { config: contributor, schema: schemas.getArticle }, async (request) => {
    const { user, article } = await editable(request, request.params.id);
    return { discarded: await copies.discard(user.id, { articleId: article.id }) };
  });

  // A new article has no id yet: its copy is found by the key its browser made (kept in the tab).
  app.get('/admin/articles/new/working-copy/:key', { config: contributor, schema: schemas.getDraft }, async (request) => {
    const copy = await copies.get(currentUser(request).id, { draftKey: request.params.key });
    if (!copy) throw new Refusal('no_working_copy');
    return present(request, copy, { differs: true });
  });

  app.put('/admin/articles/new/working-copy/:key', { config: { ...contributor, ...putLimit }, bodyLimit: BODY_LIMIT, schema: schemas.putDraft }, async (request) => {
    const { fields } = readCopy(request.body);
    const copy = await copies.put(currentUser(request).id, { draftKey: request.params.key }, { fields, baseRevision: null }, deps.now());
    return saved(request, copy);
  });

  app.delete('/admin/articles/new/working-copy/:key', { config: contributor, schema: schemas.getDraft }, async (request) => {
    return { discarded: await copies.discard(currentUser(request).id, { draftKey: request.params.key }) };
  });

  /**
   * The key points as the article will get them: the same composition a save runs (Markdown to
   * text, then the summarizer with the title and standfirst), stored nowhere.
   */
  app.post(
    '/admin/articles/summary-preview',
    { config: { ...contributor, rateLimit: { max: SUMMARIES_PER_MINUTE, timeWindow: 60_000, keyGenerator: perPerson } }, bodyLimit: BODY_LIMIT, schema: schemas.summary },
    async (request) => {
      const form = readArticleForm(request.body);
      if (Buffer.byteLength(form.bodyMd) > LIMITS.bodyBytes) throw new Refusal('body_too_large', { limit: `${LIMITS.bodyBytes / 1024} KB` }, 'bodyMd');
      if (form.bodyMd.trim() === '') return { points: [], lang: 'und' };
      const { summary } = composeBody(form.bodyMd, form.title, form.standfirst);
      return { points: summary.points.map((p) => ({ text: p.text, sentence: p.sentence })), lang: summary.lang };
    },
  );
};
