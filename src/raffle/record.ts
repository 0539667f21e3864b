// The published draw record ("paddock-draw/1"): its schema, its type, and the
// JSON parser the verifier and the draw page share. The schema checks shape
// only; every value check (hex, order, hashes) lives in verify.ts so that a
// bad value is reported as the first mismatch rather than as a parse failure.
import { Type, type Static, type TSchema } from 'typebox';
import { Value } from 'typebox/value';

export const DRAW_VERSION = 'paddock-draw/1';

export const DrawBeaconSchema = Type.Object({
  chain: Type.String(),
  round: Type.Integer(),
  randomness: Type.String(),
  // drand's signature of the round, so the randomness can be checked offline against the
  // chain's public key; records drawn before it was kept have none (they still verify).
  signature: Type.Optional(Type.String()),
  /** Chained schemes (drand's default mainnet) sign the previous round's signature too. */
  previous_signature: Type.Optional(Type.String()),
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
  const { field, message } = shapeProblem(data);
  throw new DrawRecordShapeError(field, message);
}

// What each field must be, in the words the Python verifier in docs/draw.md uses.
const EXPECTED: { [K in keyof DrawRecord]: string } = {
  version: 'a string',
  campaign: 'a string',
  closes_at: 'a string',
  commitment: 'a string',
  seed: 'a string',
  beacon: 'null or an object with a string chain, an integer round and a string randomness (and optionally a string signature and previous_signature)',
  entries: 'a list of strings',
  entries_digest: 'a string',
  prizes: 'a list of strings',
  winners: 'a list of objects with an integer prize and a string code',
  alternates: 'a list of strings',
  drawn_at: 'a string',
};

/**
 * The first field, in the record's published order, that is missing or of the wrong type: the
 * same field and words as the Python verifier in docs/draw.md (its `shape_problem`), so the two
 * report the same first mismatch whatever the schema library's own error order and wording.
 */
function shapeProblem(data: unknown): { field: string; message: string } {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { field: '(record)', message: 'record is not a JSON object' };
  for (const [name, schema] of Object.entries(DrawRecordSchema.properties) as [keyof DrawRecord, TSchema][]) {
    if (!Object.hasOwn(data, name)) return { field: name, message: `${name} is missing` };
    if (!Value.Check(schema, (data as Record<string, unknown>)[name])) return { field: name, message: `${name} has the wrong type: expected ${EXPECTED[name]}` };
  }
  return { field: '(record)', message: 'record is not a draw record' };
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
      ...(record.beacon.signature !== undefined ? { signature: record.beacon.signature } : {}),
      ...(record.beacon.previous_signature !== undefined ? { previous_signature: record.beacon.previous_signature } : {}),
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
