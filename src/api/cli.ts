import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { Refusal } from '../errors';
import { refusalLine } from '../web/refusals';
import { apiKeysService } from './keys';

export class ApiKeyUsageError extends Error {}

interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

function args(argv: string[], options: NonNullable<Parameters<typeof parseArgs>[0]>['options'] = {}) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new ApiKeyUsageError((error as Error).message);
  }
}

/**
 * `paddock apikey add NAME [--origin URL]... [--rate N] | list | revoke ID`, through the same
 * service as /admin/api-keys (audited as `cli`). A new key is printed once, on stdout alone on
 * its line so that a script can take it; it cannot be shown again.
 */
export async function runApiKeyCommand(db: Kysely<Database>, argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  const service = apiKeysService(db);
  try {
    switch (sub) {
      case 'add': {
        const { positionals, values } = args(rest, { origin: { type: 'string', multiple: true }, rate: { type: 'string' } });
        if (positionals.length !== 1) throw new ApiKeyUsageError('apikey add takes one NAME (quote a name with spaces): paddock apikey add "Mobile app" [--origin https://app.example]...');
        const rate = values.rate === undefined ? undefined : /^\d{1,9}$/.test(String(values.rate)) ? Number(values.rate) : NaN;
        const { key, token } = await service.add({ name: positionals[0]!, origins: (values.origin as string[] | undefined) ?? [], ...(rate !== undefined ? { ratePerMinute: rate } : {}) }, 'cli');
        io.stderr.write(`API key ${key.id} "${key.name}" made (${key.ratePerMinute} requests a minute${key.origins.length ? `; browsers at ${key.origins.join(', ')}` : ''}). It is shown only now: keep it somewhere safe.\n`);
        io.stdout.write(`${token}\n`);
        return 0;
      }
      case 'list': {
        if (rest.length > 0) throw new ApiKeyUsageError('apikey list takes no arguments');
        const keys = await service.list();
        if (keys.length === 0) io.stdout.write('no API keys yet: paddock apikey add NAME\n');
        for (const k of keys) {
          const state = k.revokedAt ? `revoked ${k.revokedAt}` : 'active';
          io.stdout.write(`${k.id}\t${k.prefix}…\t${k.name}\t${state}\t${k.ratePerMinute}/min\tlast used ${k.lastUsedAt ?? 'never'}\t${k.origins.join(' ') || '-'}\n`);
        }
        return 0;
      }
      case 'revoke': {
        if (rest.length !== 1 || !/^\d{1,9}$/.test(rest[0]!)) throw new ApiKeyUsageError('apikey revoke takes the key\'s ID (the first column of paddock apikey list)');
        const key = await service.revoke(Number(rest[0]), 'cli');
        io.stdout.write(`revoked API key ${key.id} "${key.name}" (${key.prefix}…): requests with it now get 401\n`);
        return 0;
      }
      default:
        throw new ApiKeyUsageError(sub ? `unknown apikey subcommand "${sub}"` : 'apikey needs a subcommand: add NAME, list or revoke ID');
    }
  } catch (error) {
    if (error instanceof Refusal) {
      io.stderr.write(refusalLine(error));
      return 1;
    }
    throw error;
  }
}
