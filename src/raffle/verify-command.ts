// `paddock raffle verify FILE|URL`: the same check a reader or journalist runs
// on a published draw, beacon signature included, with no network for a well-known chain. Exit 0 = OK, 1 = the record does not hold (first
// mismatch printed), 2 = the input could not be read or the check could not run.
import { readFile } from 'node:fs/promises';
import { Type } from 'typebox';
import { Value } from 'typebox/value';
import { chainHashOf, checkSignedRound, fetchVerifiedBeacon, roundEmittedAt, wellKnownChain, type ChainInfo } from './beacon';
import { DrawRecordShapeError, DrawRecordSyntaxError, parseDrawRecord, type DrawRecord } from './record';
import { verifyDrawRecord } from './verify';

export interface CommandIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
}

export interface RaffleVerifyOptions {
  /** When set (DRAND_URL), a round the record cannot prove offline is fetched and checked against drand. */
  drandUrl?: string;
  /** Files holding the /info JSON of chains besides the ones Paddock ships (`--chain-info`; each must hash to its chain hash). */
  chainInfoFiles?: readonly string[];
}

const ChainInfoSchema = Type.Object({
  public_key: Type.String({ pattern: '^([0-9a-f]{2})+$' }),
  period: Type.Integer({ minimum: 1 }),
  genesis_time: Type.Integer({ minimum: 1 }),
  hash: Type.String({ pattern: '^[0-9a-f]{64}$' }),
  groupHash: Type.String({ pattern: '^[0-9a-f]{64}$' }),
  schemeID: Type.String(),
  metadata: Type.Object({ beaconID: Type.String() }),
});

async function readChainInfo(file: string): Promise<ChainInfo> {
  const data: unknown = JSON.parse(await readFile(file, 'utf8'));
  if (!Value.Check(ChainInfoSchema, data)) {
    throw new Error("not a drand chain's /info: it needs public_key, period, genesis_time, hash, groupHash, schemeID and metadata.beaconID");
  }
  return data;
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

  const chains: ChainInfo[] = [];
  for (const file of options.chainInfoFiles ?? []) {
    try {
      chains.push(await readChainInfo(file));
    } catch (err) {
      io.stderr.write(`cannot read chain info ${file}: ${(err as Error).message}\n`);
      return 2;
    }
  }

  const beacon = record.beacon;
  if (beacon?.signature !== undefined) {
    // Offline: the record's own signature against the chain's public key, shipped with Paddock
    // (quicknet, drand's default mainnet) or given by the caller.
    const info = wellKnownChain(beacon.chain) ?? chains.find((c) => c.hash === beacon.chain) ?? null;
    if (info) {
      if (chainHashOf(info) !== beacon.chain) {
        io.stderr.write(`cannot check the drand beacon: the chain info given does not hash to ${beacon.chain}\n`);
        return 2;
      }
      const emitted = roundEmittedAt(info, beacon.round);
      if (emitted.getTime() <= Date.parse(record.closes_at)) {
        return mismatch(io, 'beacon.round', `drand round ${beacon.round} was emitted at ${emitted.toISOString()}, not after closes_at`);
      }
      const checked = await checkSignedRound(info, { round: beacon.round, randomness: beacon.randomness, signature: beacon.signature, previous_signature: beacon.previous_signature });
      if (!checked.ok) return mismatch(io, checked.field, checked.message);
      io.stdout.write('OK\n');
      return 0;
    }
    if (!options.drandUrl) {
      io.stderr.write(`cannot check the drand beacon offline: Paddock does not ship the public key of chain ${beacon.chain}; give its /info with --chain-info FILE or set DRAND_URL\n`);
      return 2;
    }
  }

  if (beacon) {
    if (!options.drandUrl) {
      io.stderr.write(
        `note: the record has no signature of drand round ${beacon.round} (drawn before Paddock kept it), so the randomness was not checked; set DRAND_URL to check it against the beacon network\n`,
      );
    } else {
      try {
        const live = await fetchVerifiedBeacon({
          drandUrl: options.drandUrl,
          chain: beacon.chain,
          round: beacon.round,
        });
        if (live.randomness !== beacon.randomness) {
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
