import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { Refusal } from '../../errors';
import { displayName, TEXT_LIMITS } from '../../media/library';
import { originalUrl, type MediaItem } from '../../media/model';
import { decodeCursor } from '../../media/repository';
import { sizeText } from '../../media/pipeline';
import { wantsJson } from '../../web/error-handler';
import { statusOf } from '../../web/refusals';
import { renderPage } from '../../web/render';
import { Form, Query, RowId, Text } from '../../web/schemas';
import { adminI18nOf, currentUser, pageContext, sendHtml } from '../context';
import type { AdminDeps } from '../deps';
import { field, formBody } from '../forms';
import { checkCsrfFirst, checkFields, partsOf, readParts, saveFilePart, takeField, wantedFilePart } from '../multipart-form';
import { MediaEditView, MediaLibraryView } from '../views/media';

const texts = {
  alt: Type.Optional(Text(TEXT_LIMITS.alt)),
  credit: Type.Optional(Text(TEXT_LIMITS.credit)),
  caption: Type.Optional(Text(TEXT_LIMITS.caption)),
};

const schemas = {
  list: { querystring: Query({ q: Type.Optional(Text(200)), before: Type.Optional(Text(40)), done: Type.Optional(Text(40)) }) },
  /** The upload's body is multipart, read as a stream by the handler; its text fields are checked against `uploadFields`. */
  upload: { querystring: Query({}) },
  uploadFields: Form(texts),
  item: { params: Type.Object({ id: RowId }), querystring: Query({ done: Type.Optional(Text(40)) }) },
  update: { params: Type.Object({ id: RowId }), body: Form(texts) },
};

const PAGE_SIZE = 30;
/** Files one upload may carry; each is streamed to a temporary file, never held in memory. */
const MAX_FILES = 20;
const FIELD_SIZE = 16 * 1024;

/**
 * The media library in /admin: browse and search (newest first, keyset pages), upload (a plain
 * multipart form, several files at once), edit alt text, credit and caption. Editors and admins.
 */
export const mediaAdminRoutes: FastifyPluginAsyncTypebox<AdminDeps> = async (app, deps) => {
  const { media, now } = deps;
  const editor = { admin: 'editor' as const };
  const maxBytes = media.limits.maxBytes;
  // Multipart is parsed only in this plugin: every other admin form stays urlencoded.
  await app.register(multipart, {
    // A file over the limit is cut there and refused by name (below), not buffered.
    throwFileSizeLimit: false,
    limits: { fileSize: maxBytes, files: MAX_FILES, fields: 10, fieldSize: FIELD_SIZE, parts: MAX_FILES + 10, headerPairs: 100 },
  });

  async function libraryPage(request: FastifyRequest, reply: FastifyReply, extra: { notice?: string | null; errors?: string[]; q?: string; before?: string }) {
    const q = extra.q ?? '';
    let cursor = null;
    if (extra.before) {
      cursor = decodeCursor(extra.before);
      if (!cursor) throw new Refusal('cursor_invalid', {}, 'before');
    }
    const { items, next } = await media.repo.list({ limit: PAGE_SIZE, cursor, search: q });
    const ctx = pageContext(request, reply, deps.site);
    return sendHtml(reply, renderPage(MediaLibraryView({ ctx, items, next, q, notice: extra.notice ?? null, errors: extra.errors ?? [] })));
  }

  app.get('/admin/media', { config: editor, schema: schemas.list }, async (request, reply) => {
    const { q, before, done } = request.query;
    const notice = done === 'added' ? adminI18nOf(request, deps.site).t('media.notice.added') : null;
    return libraryPage(request, reply, { q: q?.trim() ?? '', notice, ...(before ? { before } : {}) });
  });

  app.post(
    '/admin/media',
    {
      config: { ...editor, csrf: 'route' },
      schema: schemas.upload,
      // The form sends its CSRF token as the first part: checked here, before any file is read.
      preValidation: (request, reply, done) => checkCsrfFirst(app, request, reply, done, MAX_FILES),
    },
    async (request, reply) => {
      const actor = currentUser(request);
      const parts = partsOf(request);
      const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'paddock-upload-'));
      const added: MediaItem[] = [];
      const refused: Refusal[] = [];
      try {
        const files: { file: string; name: string }[] = [];
        const fields: Record<string, string> = {};
        await readParts(parts, MAX_FILES, async (part) => {
          if (part.type === 'field') return takeField(fields, part, FIELD_SIZE);
          if (!wantedFilePart(part, 'file')) return;
          const name = displayName(part.filename);
          const file = path.join(dir, String(files.length));
          // Cut at the limit by the parser: what was read is thrown away.
          if (await saveFilePart(part, file)) files.push({ file, name });
          else refused.push(new Refusal('media_too_large', { name, limit: sizeText(maxBytes) }, 'file'));
        });
        checkFields(schemas.uploadFields, fields);
        if (files.length === 0 && refused.length === 0) throw new Refusal('media_empty', {}, 'file');
        for (const { file, name } of files) {
          try {
            added.push((await media.add({ file, name, actor: actor.email, alt: fields.alt, credit: fields.credit, caption: fields.caption }, now())).item);
          } catch (error) {
            if (!(error instanceof Refusal) || statusOf(error.code) >= 500) throw error;
            refused.push(error);
          }
        }
      } catch (error) {
        if (!(error instanceof Refusal) || statusOf(error.code) >= 500 || wantsJson(request)) throw error;
        refused.push(error);
      } finally {
        await fs.promises.rm(dir, { recursive: true, force: true });
      }

      const i18n = adminI18nOf(request, deps.site);
      if (wantsJson(request)) {
        if (refused.length > 0 && added.length === 0) throw refused[0];
        return reply.status(refused.length > 0 ? statusOf(refused[0]!.code) : 201).send({
          items: added.map((i) => ({ id: i.id, key: i.key, width: i.width, height: i.height, url: originalUrl(i) })),
          errors: refused.map((r) => ({ code: r.code, message: i18n.refusal(r), name: r.params.name ?? null })),
        });
      }
      if (refused.length === 0) return reply.redirect('/admin/media?done=added', 303);
      // Some or all refused: the page says which, at the first refusal's status.
      reply.status(statusOf(refused[0]!.code));
      const notice = added.length > 0 ? i18n.t('media.notice.addedSome', { list: added.map((i) => i18n.t('media.notice.addedItem', { name: i.originalName, id: i.id })).join(', ') }) : null;
      return libraryPage(request, reply, { notice, errors: refused.map((r) => i18n.refusal(r)) });
    },
  );

  /** The articles showing the item as their hero (indexed by migration 009), newest first. */
  const usesOf = (id: number) => deps.db.selectFrom('articles').select(['id', 'title', 'status']).where('hero_media_id', '=', id).orderBy('id', 'desc').limit(100).execute();

  app.get('/admin/media/:id', { config: editor, schema: schemas.item }, async (request, reply) => {
    const item = await media.repo.findById(request.params.id);
    if (!item) throw new Refusal('no_media', { id: request.params.id });
    const ctx = pageContext(request, reply, deps.site);
    const notice = request.query.done === 'saved' ? ctx.i18n.t('media.notice.saved') : null;
    return sendHtml(reply, renderPage(MediaEditView({ ctx, item, siteUrl: deps.config.SITE_URL, notice, usedIn: await usesOf(item.id) })));
  });

  app.post('/admin/media/:id', { config: editor, schema: schemas.update }, async (request, reply) => {
    const actor = currentUser(request);
    const body = formBody(request.body);
    try {
      await media.update({ id: request.params.id, alt: field(body, 'alt'), credit: field(body, 'credit'), caption: field(body, 'caption'), actor: actor.email }, now());
    } catch (error) {
      if (!(error instanceof Refusal) || error.code === 'no_media' || statusOf(error.code) >= 500) throw error;
      const item = (await media.repo.findById(request.params.id))!;
      const ctx = pageContext(request, reply, deps.site);
      return sendHtml(reply.status(statusOf(error.code)), renderPage(MediaEditView({ ctx, item, siteUrl: deps.config.SITE_URL, error: ctx.i18n.refusal(error), usedIn: await usesOf(item.id) })));
    }
    return reply.redirect(`/admin/media/${request.params.id}?done=saved`, 303);
  });
};
