import type { FastifyBaseLogger } from 'fastify';
import type { User } from '../accounts/users';
import type { AdminDeps } from './deps';
import { adminI18n } from './i18n';

export interface PasswordMail {
  /** welcome: a new account; reset: a new link for an existing one. */
  kind: 'welcome' | 'reset';
  to: User;
  link: string;
  expiresAt: string;
  actor: string;
}

/**
 * Mails a set-password link in its recipient's language (their preference, else SITE_LANG). Sent
 * at once rather than through the outbox, so the admin who asked sees a failure on the page and
 * can hand the link over another way; returns whether the mail went out.
 */
export async function mailPasswordLink(deps: Pick<AdminDeps, 'mailer' | 'site' | 'config'>, mail: PasswordMail, log: FastifyBaseLogger): Promise<boolean> {
  const i18n = adminI18n(mail.to.lang ?? deps.site.lang, deps.site.zone);
  const params = {
    site: deps.site.siteName,
    actor: mail.actor,
    role: i18n.t(`role.${mail.to.role}`),
    email: mail.to.email,
    link: mail.link,
    login: new URL('/admin/login', deps.config.SITE_URL).href,
    time: i18n.time(mail.expiresAt),
    zone: deps.site.zone,
  };
  const subject = i18n.t(mail.kind === 'welcome' ? 'mail.welcome.subject' : 'mail.reset.subject', params);
  const text = i18n.t(mail.kind === 'welcome' ? 'mail.welcome.body' : 'mail.reset.body', params);
  try {
    await deps.mailer.send({ to: mail.to.email, subject, text });
    return true;
  } catch (error) {
    // The link itself stays out of the log: it sets a password.
    log.warn({ err: error instanceof Error ? error.message : String(error), to: mail.to.email, kind: mail.kind }, 'set-password mail not sent');
    return false;
  }
}
