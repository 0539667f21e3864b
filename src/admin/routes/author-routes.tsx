import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TProperties } from 'typebox';
import { LINK_LIMITS } from '../../articles/authors/author-links';
import { authorsRepository, type Author } from '../../articles/authors/authors-repository';
import { authorsService } from '../../articles/authors/authors-service';
import { Refusal } from '../../errors';
import { statusOf } from '../../web/refusals';
import { renderPage } from '../../web/render';
import { Form, PageNumber, Query, RowId, Text } from '../../web/schemas';
import { adminI18nOf, currentUser, pageContext, sendHtml } from '../context';
import type { AdminDeps } from '../deps';
import type { AdminKey } from '../i18n';
import { field, formBody, type FormBody } from '../forms';
import { AuthorEditView, AuthorListView, emptyAuthorForm, type AuthorEditProps, type AuthorForm } from '../views/authors';

const PAGE_SIZE = 100;

// Wider than the service's limits, so that an overlong field comes back in the form with its
// message (the service refuses it) rather than as a bare error page; the schema stops abuse.
const linkFields: TProperties = {};
for (let n = 1; n <= LINK_LIMITS.rows; n++) {
  linkFields[`link${n}Label`] = Type.Optional(Text(1000));
  linkFields[`link${n}Url`] = Type.Optional(Text(4000));
}
const authorFields = { name: Type.Optional(Text(1000)), slug: Type.Optional(Text(1000)), bio: Type.Optional(Text(20_000)), photo: Type.Optional(Text(1000)), ...linkFields };
const IdParams = Type.Object({ id: RowId });

const schemas = {
  list: { querystring: Query({ page: Type.Optional(PageNumber), done: Type.Optional(Text(40)) }) },
  blank: { querystring: Query({}) },
  show: { params: IdParams, querystring: Query({ done: Type.Optional(Text(40)) }) },
  create: { body: Form(authorFields) },
  update: { params: IdParams, body: Form(authorFields) },
  remove: { params: IdParams, body: Form({}) },
  merge: { params: IdParams, body: Form({ into: Type.Optional(Text(1000)) }) },
};

const NOTICES: Record<string, AdminKey> = {
  added: 'authors.notice.added',
  saved: 'authors.notice.saved',
  deleted: 'authors.notice.deleted',
  merged: 'authors.notice.merged',
};

function readForm(body: FormBody): AuthorForm {
  const links = [];
  for (let n = 1; n <= LINK_LIMITS.rows; n++) links.push({ label: field(body, `link${n}Label`), url: field(body, `link${n}Url`) });
  return { name: field(body, 'name'), slug: field(body, 'slug'), bio: field(body, 'bio'), photo: field(body, 'photo'), links };
}

const formOf = (author: Author): AuthorForm => ({
  name: author.name,
  slug: author.slug,
  bio: author.bio,
  photo: author.photoMediaId === null ? '' : String(author.photoMediaId),
  links: author.links,
});

/**
 * Authors in /admin: the list, a page per author (name, address, bio, photo, links), a new-author
 * form, delete and merge, all through the authors service. Admins only, as redirects are: a
 * change of address or a merge changes public addresses.
 */
export const authorRoutes: FastifyPluginAsyncTypebox<AdminDeps> = async (app, deps) => {
  const repo = authorsRepository(deps.db);
  const service = authorsService(deps.db, deps.now);
  const adminOnly = { config: { admin: 'admin' as const } };

  async function load(id: number): Promise<Author> {
    const author = await repo.findById(id);
    if (!author) throw new Refusal('no_author');
    return author;
  }

  async function editPage(request: FastifyRequest, reply: FastifyReply, author: Author | null, form: AuthorForm, extra: Partial<Pick<AuthorEditProps, 'notice' | 'error' | 'actionError' | 'into'>> = {}) {
    const photo = /^#?(\d{1,9})$/.exec(form.photo.trim())?.[1];
    const key = /^[0-9a-f]{64}$/i.test(form.photo.trim()) ? form.photo.trim().toLowerCase() : null;
    const [photoItem, recent, articles, others] = await Promise.all([
      photo ? deps.media.repo.findById(Number(photo)) : key ? deps.media.repo.findByKey(key) : null,
      deps.media.repo.list({ limit: 30 }),
      author ? repo.articleCount(author.id) : 0,
      author ? repo.names() : [],
    ]);
    const ctx = pageContext(request, reply, deps.site);
    return sendHtml(reply, renderPage(AuthorEditView({ ctx, author, form, articles, photoItem, recentMedia: recent.items, others, ...extra })));
  }

  /** A refusal of ours comes back as the form with its message beside the field it names; anything else is thrown on. */
  function refused(error: unknown, request: FastifyRequest, reply: FastifyReply): { message: string; field: string | null } {
    if (!(error instanceof Refusal) || statusOf(error.code) >= 500) throw error;
    reply.status(statusOf(error.code));
    return { message: adminI18nOf(request, deps.site).refusal(error), field: error.field ?? null };
  }

  /** The notice a `?done=` names, in the person's language; an unknown one says nothing. */
  function noticeOf(request: FastifyRequest, done: string | undefined): string | null {
    const key = done && Object.hasOwn(NOTICES, done) ? NOTICES[done] : undefined;
    return key ? adminI18nOf(request, deps.site).t(key) : null;
  }

  app.get('/admin/authors', { ...adminOnly, schema: schemas.list }, async (request, reply) => {
    const page = request.query.page ?? 1;
    const { items, total } = await repo.list({ page, pageSize: PAGE_SIZE });
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    if (page > pages) throw new Refusal('page_beyond', { page, pages }, 'page');
    const ctx = pageContext(request, reply, deps.site);
    return sendHtml(reply, renderPage(AuthorListView({ ctx, items, total, page, pages, notice: noticeOf(request, request.query.done) })));
  });

  app.get('/admin/authors/new', { ...adminOnly, schema: schemas.blank }, async (request, reply) => editPage(request, reply, null, emptyAuthorForm()));

  app.post('/admin/authors', { ...adminOnly, schema: schemas.create }, async (request, reply) => {
    const form = readForm(formBody(request.body));
    let id: number;
    try {
      id = (await service.add(form, currentUser(request).email)).id;
    } catch (error) {
      return editPage(request, reply, null, form, { error: refused(error, request, reply) });
    }
    return reply.redirect(`/admin/authors/${id}?done=added`, 303);
  });

  app.get('/admin/authors/:id', { ...adminOnly, schema: schemas.show }, async (request, reply) => {
    const author = await load(request.params.id);
    return editPage(request, reply, author, formOf(author), { notice: noticeOf(request, request.query.done) });
  });

  app.post('/admin/authors/:id', { ...adminOnly, schema: schemas.update }, async (request, reply) => {
    const author = await load(request.params.id);
    const form = readForm(formBody(request.body));
    try {
      await service.update(author.id, form, currentUser(request).email);
    } catch (error) {
      return editPage(request, reply, author, form, { error: refused(error, request, reply) });
    }
    return reply.redirect(`/admin/authors/${author.id}?done=saved`, 303);
  });

  app.post('/admin/authors/:id/delete', { ...adminOnly, schema: schemas.remove }, async (request, reply) => {
    const author = await load(request.params.id);
    try {
      await service.remove(author.id, currentUser(request).email);
    } catch (error) {
      const { message } = refused(error, request, reply);
      return editPage(request, reply, author, formOf(author), { actionError: { form: 'delete', message } });
    }
    return reply.redirect('/admin/authors?done=deleted', 303);
  });

  app.post('/admin/authors/:id/merge', { ...adminOnly, schema: schemas.merge }, async (request, reply) => {
    const author = await load(request.params.id);
    const into = field(formBody(request.body), 'into');
    let target: number;
    try {
      target = (await service.merge(author.id, into, currentUser(request).email)).into.id;
    } catch (error) {
      const { message } = refused(error, request, reply);
      return editPage(request, reply, author, formOf(author), { actionError: { form: 'merge', message }, into });
    }
    return reply.redirect(`/admin/authors/${target}?done=merged`, 303);
  });
};
