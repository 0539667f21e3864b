import type { FastifyReply, FastifyRequest } from 'fastify';
import { roleAtLeast, type Role } from '../accounts/users';
import type { SessionUser } from '../accounts/sessions';
import { Refusal } from '../errors';
import type { Lang } from '../i18n/messages';
import { adminI18n, type AdminI18n } from './i18n';

/** Who may reach an /admin route. Routes that say nothing need an admin: refusal is the default. */
export type Access = 'public' | Role;

declare module 'fastify' {
  interface FastifyContextConfig {
    admin?: Access;
    /** The route checks its CSRF token itself (a multipart upload, whose body is not parsed ahead of it). */
    csrf?: 'route';
  }
  interface FastifyRequest {
    /** The signed-in person on /admin routes; null when there is none. */
    adminUser: SessionUser | null;
  }
}

export const SESSION_COOKIE = 'paddock_admin';

/**
 * Contributors write their own drafts; editors manage every article and summary; admins also
 * campaigns, entrants, draws and users. Each role may use what the roles below it may.
 */
export function allows(role: Role, access: Access): boolean {
  if (access === 'public') return true;
  return roleAtLeast(role, access);
}

export function currentUser(request: FastifyRequest): SessionUser {
  if (!request.adminUser) throw new Refusal('not_signed_in');
  return request.adminUser;
}

/** What every admin page knows of the site: its name, time zone and language (SITE_LANG). */
export interface AdminSite {
  siteName: string;
  zone: string;
  lang: Lang;
}

export interface PageContext {
  user: SessionUser | null;
  csrf: string;
  siteName: string;
  zone: string;
  /** The signed-in person's language (their preference, else the site's); the site's before sign-in. */
  i18n: AdminI18n;
}

/** The admin's language for this request: see PageContext.i18n. */
export function adminI18nOf(request: FastifyRequest, site: AdminSite): AdminI18n {
  return adminI18n(request.adminUser?.lang ?? site.lang, site.zone);
}

export function pageContext(request: FastifyRequest, reply: FastifyReply, site: AdminSite): PageContext {
  return { user: request.adminUser, csrf: reply.generateCsrf(), siteName: site.siteName, zone: site.zone, i18n: adminI18nOf(request, site) };
}

export function sendHtml(reply: FastifyReply, html: string) {
  return reply.type('text/html; charset=utf-8').send(html);
}
