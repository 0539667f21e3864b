// `paddock raffle verify FILE|URL`: the same check a reader or journalist runs
// on a published draw. Exit 0 = OK, 1 = the record does not hold (first
// mismatch printed), 2 = the input could not be read or the check could not run.
import { readFile } from 'node:fs/promises';
import { fetchVerifiedBeacon } from './beacon';
import { DrawRecordShapeError, DrawRecordSyntaxError, parseDrawRecord, type DrawRecord } from './record';
import { verifyDrawRecord } from './verify';

export interface CommandIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
}

export interface RaffleVerifyOptions {
  /** When set (DRAND_URL), the beacon round is fetched and its signature and randomness checked too. */
  drandUrl?: string;
}

export async function runRaffleVerify(arg: string, io: CommandIo, options: RaffleVerifyOptions = {}): Promise<number> {
  let text: string;
  try {
    text = await readInput(arg);
  } catch (err) {
    io.stderr.write(`cannot read ${arg}: ${(err as Error).message}\n`);
    return 2;
  }

  let record: DrawRecord;
  try {
    record = parseDrawRecord(text);
  } catch (err) {
    if (err instanceof DrawRecordShapeError) return mismatch(io, err.field, err.message);
    if (err instanceof DrawRecordSyntaxError) {
      io.stderr.write(`cannot read ${arg}: ${err.message}\n`);
      return 2;
    }
    throw err;
  }

  const result = verifyDrawRecord(record);
  if (!result.ok) return mismatch(io, result.field, result.message);

  if (record.beacon) {
    if (!options.drandUrl) {
      io.stderr.write(
        `note: drand round ${record.beacon.round} was not checked against the beacon network; set DRAND_URL to check it\n`,
      );
    } else {
      try {
        const live = await fetchVerifiedBeacon({
          drandUrl: options.drandUrl,
          chain: record.beacon.chain,
          round: record.beacon.round,
        });
        if (live.randomness !== record.beacon.randomness) {
          return mismatch(io, 'beacon.randomness', `beacon.randomness is not the randomness of drand round ${live.round}`);
        }
        if (live.emittedAt.getTime() <= Date.parse(record.closes_at)) {
          return mismatch(io, 'beacon.round', `drand round ${live.round} was emitted at ${live.emittedAt.toISOString()}, not after closes_at`);
        }
      } catch (err) {
        io.stderr.write(`cannot check the drand beacon: ${(err as Error).message}\n`);
        return 2;
      }
    }
  }

  io.stdout.write('OK\n');
  return 0;
}

function mismatch(io: CommandIo, field: string, message: string): number {
  io.stdout.write(`MISMATCH ${field}: ${message}\n`);
  return 1;
}

async function readInput(arg: string): Promise<string> {
  if (!/^https?:\/\//i.test(arg)) return readFile(arg, 'utf8');
  const response = await fetch(arg, { signal: AbortSignal.timeout(15_000), headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.text();
}
