// `paddock raffle draw|forfeit|claim|notify`: the operator's side of the prize draw. Every
// refusal says why and what to do; `raffle verify` lives in verify-command.ts (no database).
import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Mailer } from '../mail/mailer';
import { Refusal } from '../errors';
import { refusalLine } from '../web/refusals';
import { raffleService, type Notification, type RaffleDeps } from './draw-service';

export class RaffleUsageError extends Error {}

interface Io {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
}

export interface RaffleCliDeps {
  observers?: RaffleDeps['observers'];
  mailer: Mailer;
  siteUrl: string;
  drandUrl?: string | undefined;
  now?: Date;
}

function args(argv: string[], options: NonNullable<Parameters<typeof parseArgs>[0]>['options'] = {}) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new RaffleUsageError((error as Error).message);
  }
}

export async function runRaffleCommand(db: Kysely<Database>, argv: string[], io: Io, deps: RaffleCliDeps): Promise<number> {
  const [sub, ...rest] = argv;
  const now = deps.now ?? new Date();
  const raffle = raffleService({ db, mailer: deps.mailer, siteUrl: deps.siteUrl, drandUrl: deps.drandUrl, actor: 'cli', ...(deps.observers ? { observers: deps.observers } : {}) });
  const recordUrl = (slug: string) => new URL(`/api/v1/campaigns/${slug}/draw`, deps.siteUrl).href;
  try {
    switch (sub) {
      case 'draw': {
        const { positionals, values } = args(rest, {
          'beacon-signature': { type: 'string' },
          'beacon-randomness': { type: 'string' },
          'beacon-previous-signature': { type: 'string' },
          'allow-fewer': { type: 'boolean' },
        });
        if (positionals.length !== 1) throw new RaffleUsageError('raffle draw takes one campaign slug');
        const slug = positionals[0]!;
        const { record, notifications } = await raffle.draw(slug, {
          now,
          beaconSignature: values['beacon-signature'] as string | undefined,
          beaconRandomness: values['beacon-randomness'] as string | undefined,
          beaconPreviousSignature: values['beacon-previous-signature'] as string | undefined,
          allowFewer: values['allow-fewer'] === true,
        });
        const lines = [
          `drawn ${slug} at ${record.drawn_at}: ${record.entries.length} entries, digest ${record.entries_digest}`,
          record.beacon ? `beacon: drand round ${record.beacon.round}, randomness ${record.beacon.randomness}${record.beacon.signature ? ', signature verified' : ''}` : 'beacon: none',
          ...record.winners.map((w) => `prize ${w.prize} (${record.prizes[w.prize - 1]}): ${w.code}`),
          ...record.prizes.slice(record.winners.length).map((title, i) => `prize ${record.winners.length + i + 1} (${title}): not awarded, too few entries`),
          `alternates: ${record.alternates.join(' ') || 'none'}`,
          `record: ${recordUrl(slug)}`,
        ];
        io.stdout.write(`${lines.join('\n')}\n`);
        return report(io, notifications);
      }
      case 'forfeit': {
        const { positionals, values } = args(rest, { reason: { type: 'string' } });
        const reason = typeof values.reason === 'string' ? values.reason.trim() : '';
        if (positionals.length !== 2 || !reason) throw new RaffleUsageError('raffle forfeit takes SLUG CODE --reason "…"');
        const outcome = await raffle.forfeit(positionals[0]!, positionals[1]!, reason, now);
        if (outcome.prize === null) io.stdout.write(`alternate ${outcome.code} withdrawn; no prize changes hands\n`);
        else if (outcome.passedTo) io.stdout.write(`${outcome.code} forfeited prize ${outcome.prize}; it passes to ${outcome.passedTo}\n`);
        else io.stdout.write(`${outcome.code} forfeited prize ${outcome.prize}; no alternate is left, so it is not awarded\n`);
        return report(io, outcome.notifications);
      }
      case 'claim': {
        const { positionals } = args(rest);
        if (positionals.length !== 2) throw new RaffleUsageError('raffle claim takes SLUG CODE');
        const outcome = await raffle.claim(positionals[0]!, positionals[1]!, now);
        const late = outcome.claimBy && Date.parse(outcome.claimBy) < now.getTime() ? ` (after the claim deadline ${outcome.claimBy})` : '';
        io.stdout.write(`${outcome.code} claimed prize ${outcome.prize}${late}\n`);
        return 0;
      }
      case 'notify': {
        const { positionals } = args(rest);
        if (positionals.length !== 1) throw new RaffleUsageError('raffle notify takes one campaign slug');
        const notifications = await raffle.notify(positionals[0]!, now);
        if (notifications.length === 0) io.stdout.write('every current prize holder has been notified already\n');
        return report(io, notifications);
      }
      default:
        throw new RaffleUsageError(`raffle takes draw, forfeit, claim, notify or verify${sub ? `, not "${sub}"` : ''}`);
    }
  } catch (error) {
    if (error instanceof Refusal) {
      io.stderr.write(refusalLine(error));
      return 1;
    }
    throw error;
  }
}

/** Prints who was mailed; a holder who could not be mailed makes the command fail so the operator notices. */
function report(io: Io, notifications: Notification[]): number {
  let failed = 0;
  let retry = false;
  for (const n of notifications) {
    if (n.problem) {
      failed++;
      retry ||= n.problem.startsWith('mail not sent');
      io.stderr.write(`paddock: could not notify ${n.code} (prize ${n.prize}): ${n.problem}\n`);
    } else {
      io.stdout.write(`notified ${n.code} (prize ${n.prize}), claim by ${n.claimBy}\n`);
    }
  }
  if (retry) io.stderr.write('the draw log is kept; send the missing mail with: paddock raffle notify SLUG\n');
  return failed > 0 ? 1 : 0;
}
