import type { Kysely } from 'kysely';
import type { LoginThrottle } from '../accounts/login-throttle';
import type { SessionStore } from '../accounts/sessions';
import type { UsersRepository } from '../accounts/users';
import type { editorQueries } from '../articles/editor-queries';
import type { ArticlesRepository } from '../articles/repository';
import type { revisionsQueries } from '../articles/revisions';
import type { Config } from '../config';
import type { AdminSite } from './context';
import type { Database } from '../db/schema';
import type { I18n } from '../i18n/messages';
import type { Mailer } from '../mail/mailer';
import type { MediaLibrary } from '../media/library';

export interface AdminDeps {
  config: Config;
  db: Kysely<Database>;
  articles: ArticlesRepository;
  users: UsersRepository;
  sessions: SessionStore;
  throttle: LoginThrottle;
  editor: ReturnType<typeof editorQueries>;
  revisions: ReturnType<typeof revisionsQueries>;
  now: () => Date;
  site: AdminSite;
  secureCookies: boolean;
  mailer: Mailer;
  media: MediaLibrary;
  /** The site's language (SITE_LANG), for what is said to nobody in particular; pages use PageContext.i18n. */
  i18n: I18n;
}
