import type { FastifyInstance, InjectOptions } from 'fastify';
import type { Kysely } from 'kysely';
import { hashPassword } from '../../src/accounts/password';
import { usersRepository, type Role } from '../../src/accounts/users';
import type { Database } from '../../src/db/schema';
import { formBody, type FormFields } from './forms';

/** A browser-like client for inject(): keeps cookies between requests and reads CSRF tokens from pages. */
export class Agent {
  readonly cookies = new Map<string, string>();
  csrf = '';

  /** `remoteAddress`: the client address the app sees (sign-in failures are counted per address). */
  constructor(
    private readonly app: FastifyInstance,
    private readonly options: { remoteAddress?: string } = {},
  ) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(options: InjectOptions & { url: string }) {
    const headers = { ...(options.headers ?? {}), ...(this.cookies.size > 0 ? { cookie: this.cookieHeader() } : {}) };
    const res = await this.app.inject({ ...(this.options.remoteAddress ? { remoteAddress: this.options.remoteAddress } : {}), ...options, headers });
    for (const c of res.cookies as Array<{ name: string; value: string; expires?: Date; maxAge?: number }>) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now()) || c.maxAge === 0) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
    if (token) this.csrf = token;
    return res;
  }

  get(url: string, headers: Record<string, string> = {}) {
    return this.request({ method: 'GET', url, headers });
  }

  /** A form post with the CSRF token of the last page seen (unless the payload says otherwise). */
  post(url: string, payload: FormFields = {}, options: { csrf?: boolean; headers?: Record<string, string> } = {}) {
    const fields = options.csrf !== false && !('_csrf' in payload) ? { _csrf: this.csrf, ...payload } : payload;
    return this.request({ method: 'POST', url, payload: formBody(fields), headers: { 'content-type': 'application/x-www-form-urlencoded', ...(options.headers ?? {}) } });
  }

  async login(email: string, password: string) {
    await this.get('/admin/login');
    return this.post('/admin/login', { email, password });
  }
}

export const TEST_PASSWORD = 'correct horse battery staple';

/** An account with a password, as if its set-password link had been used. */
export async function createUser(db: Kysely<Database>, email: string, role: Role, password = TEST_PASSWORD, now = new Date()): Promise<void> {
  const users = usersRepository(db);
  const { token } = await users.add({ email, role, actor: 'test' }, now);
  await users.setPasswordWithToken(token, await hashPassword(password), now);
}

/** An admin (boss@example.com) and an editor (ed@example.com), each signed in to `app`. */
export async function adminAndEditor(db: Kysely<Database>, app: FastifyInstance): Promise<{ admin: Agent; editor: Agent }> {
  await createUser(db, 'boss@example.com', 'admin');
  await createUser(db, 'ed@example.com', 'editor');
  const admin = new Agent(app);
  await admin.login('boss@example.com', TEST_PASSWORD);
  const editor = new Agent(app);
  await editor.login('ed@example.com', TEST_PASSWORD);
  return { admin, editor };
}
