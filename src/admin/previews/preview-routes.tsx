import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { Type } from 'typebox';
import type { Article } from '../../articles/model';
import { previewLinksService, previewPath } from '../../articles/previews/preview-links';
import { Refusal, type RefusalCode } from '../../errors';
import { statusOf } from '../../web/refusals';
import { Choice, Form, RowId } from '../../web/schemas';
import { currentUser, type PageContext } from '../context';
import type { AdminDeps } from '../deps';
import { articleState } from '../views/articles';
import { PreviewLinksBox } from './preview-links-box';

/**
 * What the editor's page says after a preview link is made or revoked. It travels in a signed,
 * httpOnly cookie scoped to that article's editor page and lives for one page view: a new link
 * is shown once, and its secret never appears in a URL (no history, no logs, no Referer).
 */
const FLASH_COOKIE = 'paddock_preview_flash';
const FLASH_SECONDS = 120;
type Flash = { kind: 'created'; token: string } | { kind: 'revoked'; id: number } | { kind: 'refused'; code: RefusalCode; id: number };

const schemas = {
  create: { params: Type.Object({ id: RowId }), body: Form({ days: Type.Optional(Choice(['1', '7', '30'] as const)) }) },
  revoke: { params: Type.Object({ id: RowId, link: RowId }), body: Form({}) },
};

const editorPath = (articleId: number) => `/admin/articles/${articleId}`;

function setFlash(reply: FastifyReply, articleId: number, flash: Flash, secure: boolean) {
  reply.setCookie(FLASH_COOKIE, JSON.stringify(flash), { path: editorPath(articleId), httpOnly: true, sameSite: 'strict', secure, signed: true, maxAge: FLASH_SECONDS });
}

function takeFlash(request: FastifyRequest, reply: FastifyReply, articleId: number): Flash | null {
  const raw = request.cookies[FLASH_COOKIE];
  if (raw === undefined) return null;
  reply.clearCookie(FLASH_COOKIE, { path: editorPath(articleId) });
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || unsigned.value === null) return null;
  try {
    return JSON.parse(unsigned.value) as Flash;
  } catch {
    return null;
  }
}

/** Making and revoking an article's preview links; both are editor actions with the admin area's CSRF check. */
export const previewAdminRoutes: FastifyPluginAsyncTypebox<AdminDeps> = async (app, deps) => {
  const previews = previewLinksService(deps.db);
  const editorOnly = { config: { admin: 'editor' as const } };
  const secure = deps.secureCookies;

  /** A refusal the editor can act on comes back on the editor's page, in the box; anything else is the admin error page. */
  async function act(reply: FastifyReply, articleId: number, work: () => Promise<Flash>) {
    let flash: Flash;
    try {
      flash = await work();
    } catch (error) {
      if (!(error instanceof Refusal) || statusOf(error.code) >= 500 || error.code === 'no_article') throw error;
      flash = { kind: 'refused', code: error.code, id: Number(error.params.id ?? 0) };
    }
    setFlash(reply, articleId, flash, secure);
    return reply.redirect(`${editorPath(articleId)}#preview-links`, 303);
  }

  app.post('/admin/articles/:id/previews', { ...editorOnly, schema: schemas.create }, async (request, reply) => {
    const actor = currentUser(request).email;
    const days = request.body.days ? Number(request.body.days) : undefined;
    return act(reply, request.params.id, async () => {
      const { token } = await previews.create({ articleId: request.params.id, ...(days ? { days } : {}) }, actor, deps.now());
      return { kind: 'created', token };
    });
  });

  app.post('/admin/articles/:id/previews/:link/revoke', { ...editorOnly, schema: schemas.revoke }, async (request, reply) => {
    const actor = currentUser(request).email;
    const { id, link } = request.params;
    return act(reply, id, async () => {
      await previews.revoke({ articleId: id, linkId: link }, actor, deps.now());
      return { kind: 'revoked', id: link };
    });
  });
};

/** The editor page's preview-links box for this article, with what the last action left to say. */
export async function previewLinksBox(deps: AdminDeps, request: FastifyRequest, reply: FastifyReply, ctx: PageContext, article: Article): Promise<VNode> {
  const at = deps.now();
  const flash = takeFlash(request, reply, article.id);
  const links = await previewLinksService(deps.db).list(article.id);
  const created = flash?.kind === 'created' ? new URL(previewPath(flash.token), deps.config.SITE_URL).href : null;
  const notice = flash?.kind === 'revoked' ? ctx.i18n.t('previews.notice.revoked', { id: flash.id }) : null;
  const error = flash?.kind === 'refused' ? ctx.i18n.refusal(new Refusal(flash.code, { id: flash.id })) : null;
  return <PreviewLinksBox ctx={ctx} articleId={article.id} state={articleState(article, at)} slug={article.slug} links={links} now={at} created={created} notice={notice} error={error} />;
}
