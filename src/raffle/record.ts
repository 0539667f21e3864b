// The published draw record ("paddock-draw/1"): its schema, its type, and the
// JSON parser the verifier and the draw page share. The schema checks shape
// only; every value check (hex, order, hashes) lives in verify.ts so that a
// bad value is reported as the first mismatch rather than as a parse failure.
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';

export const DRAW_VERSION = 'paddock-draw/1';

export const DrawBeaconSchema = Type.Object({
  chain: Type.String(),
  round: Type.Integer(),
  randomness: Type.String(),
});
export type DrawBeacon = Static<typeof DrawBeaconSchema>;

export const DrawRecordSchema = Type.Object({
  version: Type.String(),
  campaign: Type.String(),
  closes_at: Type.String(),
  commitment: Type.String(),
  seed: Type.String(),
  beacon: Type.Union([DrawBeaconSchema, Type.Null()]),
  entries: Type.Array(Type.String()),
  entries_digest: Type.String(),
  prizes: Type.Array(Type.String()),
  winners: Type.Array(Type.Object({ prize: Type.Integer(), code: Type.String() })),
  alternates: Type.Array(Type.String()),
  drawn_at: Type.String(),
});
export type DrawRecord = Static<typeof DrawRecordSchema>;

/** The text is not JSON at all: the CLI treats this as unreadable input. */
export class DrawRecordSyntaxError extends Error {
  readonly code = 'RAFFLE_RECORD_NOT_JSON';
}

/** JSON, but not shaped like a draw record; `field` is a dotted path. */
export class DrawRecordShapeError extends Error {
  readonly code = 'RAFFLE_RECORD_SHAPE';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export function parseDrawRecord(text: string): DrawRecord {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new DrawRecordSyntaxError(`not valid JSON: ${(err as Error).message}`);
  }
  return assertDrawRecord(data);
}

export function assertDrawRecord(data: unknown): DrawRecord {
  if (Value.Check(DrawRecordSchema, data)) return data;
  const [first] = Value.Errors(DrawRecordSchema, data);
  const field = first ? pointerToField(first.instancePath) : '(record)';
  throw new DrawRecordShapeError(field || '(record)', `${field || 'record'}: ${first?.message ?? 'not a draw record'}`);
}

/** Stable key order and two-space indent, so published files diff cleanly. */
export function serializeDrawRecord(record: DrawRecord): string {
  const ordered: DrawRecord = {
    version: record.version,
    campaign: record.campaign,
    closes_at: record.closes_at,
    commitment: record.commitment,
    seed: record.seed,
    beacon: record.beacon && {
      chain: record.beacon.chain,
      round: record.beacon.round,
      randomness: record.beacon.randomness,
    },
    entries: record.entries,
    entries_digest: record.entries_digest,
    prizes: record.prizes,
    winners: record.winners.map((w) => ({ prize: w.prize, code: w.code })),
    alternates: record.alternates,
    drawn_at: record.drawn_at,
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

// TypeBox reports JSON pointers ("/winners/0/code"); people read "winners[0].code".
function pointerToField(pointer: string): string {
  return pointer
    .split('/')
    .filter((part) => part !== '')
    .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`))
    .join('')
    .replace(/^\./, '');
}
