import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { Refusal } from '../errors';
import { refusalLine } from '../web/refusals';
import { LANGUAGE_CHOICES, ROLES, setPasswordLink, usersRepository } from './users';

export class UserUsageError extends Error {}

interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/**
 * `paddock user add EMAIL --role contributor|editor|admin | list | disable EMAIL | enable EMAIL | link EMAIL | lang EMAIL en|ru|site`.
 * No password is ever typed on the command line (it would stay in shell history and in `ps`):
 * `add` and `link` print a one-time set-password link instead.
 */
export async function runUserCommand(db: Kysely<Database>, args: string[], io: Io, options: { siteUrl: string; now?: () => Date }): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { role: { type: 'string' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UserUsageError((error as Error).message);
  }
  const [sub, email, ...rest] = parsed.positionals;
  const now = options.now ?? (() => new Date());
  const users = usersRepository(db);
  // Only `lang` takes a value after the email.
  const [choice, ...extra] = sub === 'lang' ? rest : [undefined, ...rest];
  if (extra.length > 0) throw new UserUsageError(`user ${sub ?? ''} takes at most one email${sub === 'lang' ? ' and one language' : ''}`);
  if (parsed.values.role !== undefined && sub !== 'add') throw new UserUsageError('--role goes with user add');
  try {
    switch (sub) {
      case 'add': {
        if (!email) throw new UserUsageError('user add needs an email: paddock user add EMAIL --role contributor|editor|admin');
        const role = parsed.values.role;
        if (!role || !ROLES.includes(role as (typeof ROLES)[number])) throw new UserUsageError(`user add needs --role ${ROLES.join('|')}`);
        const { user, token, expiresAt } = await users.add({ email, role, actor: 'cli' }, now());
        io.stdout.write(`added ${user.email} (${user.role})\n`);
        io.stdout.write(`set-password link (works once, until ${expiresAt}):\n${setPasswordLink(options.siteUrl, token)}\n`);
        return 0;
      }
      case 'link': {
        if (!email) throw new UserUsageError('user link needs an email');
        const { token, expiresAt } = await users.resetLink({ email, actor: 'cli' }, now());
        io.stdout.write(`set-password link for ${email.trim().toLowerCase()} (works once, until ${expiresAt}; earlier links stop working):\n${setPasswordLink(options.siteUrl, token)}\n`);
        return 0;
      }
      case 'list': {
        if (email) throw new UserUsageError('user list takes no arguments');
        const list = await users.list();
        if (list.length === 0) io.stdout.write('no users yet: paddock user add EMAIL --role admin\n');
        for (const u of list) {
          const state = u.disabled ? 'disabled' : u.hasPassword ? 'active' : 'no password yet';
          io.stdout.write(`${u.email}\t${u.role}\t${state}\t${u.createdAt}\t${u.lang ?? 'site'}\n`);
        }
        return 0;
      }
      case 'disable':
      case 'enable': {
        if (!email) throw new UserUsageError(`user ${sub} needs an email`);
        const user = await users.setDisabled({ email, disabled: sub === 'disable', actor: 'cli' }, now());
        io.stdout.write(`${user.email} is ${sub === 'disable' ? 'disabled; its sessions have ended' : 'enabled'}\n`);
        return 0;
      }
      case 'lang': {
        const choices = LANGUAGE_CHOICES.join('|');
        if (!email || !choice) throw new UserUsageError(`user lang needs an email and a language: paddock user lang EMAIL ${choices}`);
        const user = await users.setLanguage({ email, lang: choice, actor: 'cli' }, now());
        io.stdout.write(`${user.email}: the admin speaks ${user.lang ?? "the site's language (SITE_LANG)"} from the next page on\n`);
        return 0;
      }
      default:
        throw new UserUsageError(sub ? `unknown user subcommand "${sub}"` : 'user needs a subcommand: add, list, disable, enable, link or lang');
    }
  } catch (error) {
    if (error instanceof Refusal) {
      io.stderr.write(refusalLine(error));
      return 1;
    }
    throw error;
  }
}
