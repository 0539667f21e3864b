import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '../accounts/users';
import type { SessionUser } from '../accounts/sessions';
import { Refusal } from '../errors';

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

/** Editors manage articles and summaries; admins also campaigns, entrants, draws and users. */
export function allows(role: Role, access: Access): boolean {
  if (access === 'public') return true;
  return access === 'editor' ? role === 'editor' || role === 'admin' : role === 'admin';
}

export function currentUser(request: FastifyRequest): SessionUser {
  if (!request.adminUser) throw new Refusal('not_signed_in');
  return request.adminUser;
}

export interface PageContext {
  user: SessionUser | null;
  csrf: string;
  siteName: string;
  zone: string;
}

export function pageContext(request: FastifyRequest, reply: FastifyReply, site: { siteName: string; zone: string }): PageContext {
  return { user: request.adminUser, csrf: reply.generateCsrf(), ...site };
}

export function sendHtml(reply: FastifyReply, html: string) {
  return reply.type('text/html; charset=utf-8').send(html);
}
