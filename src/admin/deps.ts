import type { Kysely } from 'kysely';
import type { LoginThrottle } from '../accounts/login-throttle';
import type { SessionStore } from '../accounts/sessions';
import type { UsersRepository } from '../accounts/users';
import type { editorQueries } from '../articles/editor-queries';
import type { ArticlesRepository } from '../articles/repository';
import type { revisionsQueries } from '../articles/revisions';
import type { Config } from '../config';
import type { Database } from '../db/schema';

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
  site: { siteName: string; zone: string };
  secureCookies: boolean;
}
