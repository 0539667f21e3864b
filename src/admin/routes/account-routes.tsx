import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { LANGUAGE_CHOICES } from '../../accounts/users';
import { renderPage } from '../../web/render';
import { Choice, Form, Query, Text } from '../../web/schemas';
import { currentUser, pageContext, sendHtml } from '../context';
import type { AdminDeps } from '../deps';
import { AccountView } from '../views/account';

const schemas = {
  show: { querystring: Query({ done: Type.Optional(Text(40)) }) },
  save: { body: Form({ lang: Choice(LANGUAGE_CHOICES) }) },
};

/** Everyone who signs in sees their own account here and chooses the language their admin speaks. */
export const accountRoutes: FastifyPluginAsyncTypebox<AdminDeps> = async (app, deps) => {
  const signedIn = { config: { admin: 'contributor' as const } };

  app.get('/admin/account', { ...signedIn, schema: schemas.show }, async (request, reply) => {
    const user = currentUser(request);
    const ctx = pageContext(request, reply, deps.site);
    const notice = request.query.done === 'saved' ? ctx.i18n.t('account.saved') : null;
    return sendHtml(reply, renderPage(AccountView({ ctx, lang: user.lang, siteLang: deps.site.lang, notice })));
  });

  // A redirect, so that the next page (read with the stored language) already speaks the new one.
  app.post('/admin/account', { ...signedIn, schema: schemas.save }, async (request, reply) => {
    const user = currentUser(request);
    await deps.users.setLanguage({ email: user.email, lang: request.body.lang, actor: user.email }, deps.now());
    return reply.redirect('/admin/account?done=saved', 303);
  });
};
