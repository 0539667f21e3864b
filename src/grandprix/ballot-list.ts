// The ballot list published at the freeze (`paddock-ballots/1`): every counted ballot under its
// ballot-check id, the disqualified ones apart, and the SHA-256 of a canonical text of both.
// Pure: no database, no HTTP. docs/recount.md is the spec; the results after the freeze are
// computed from this list (results-service.ts), so a recount of it reproduces them exactly.
import { createHash } from 'node:crypto';
import type { Campaign } from './campaign-schema';
import { toNumber, type ResultEntry } from './results';

export const BALLOTS_VERSION = 'paddock-ballots/1';

/** What a text question's answer becomes in the list: that something was written, never what. */
export const TEXT_ANSWERED = 'answered';

/** Why an entry was disqualified, as published (the operator's own words stay private). */
/** Where a campaign's frozen ballot list is served (api-routes.ts), JSON or, with ?format=csv, CSV. */
export const ballotListPath = (slug: string) => `/api/v1/campaigns/${slug}/ballots`;

export const DISQUALIFY_REASONS = ['duplicate', 'fraud', 'ineligible', 'rules', 'other'] as const;
export type DisqualifyReason = (typeof DISQUALIFY_REASONS)[number];

export type BallotAnswer = string | string[];

export interface Ballot {
  id: string;
  /** category id → nominee id */
  votes: Record<string, string>;
  /** question id → option id, option ids (sorted), decimal text, or "answered" for text */
  answers: Record<string, BallotAnswer>;
}

export type ListQuestion =
  | { id: string; type: 'single' | 'multi'; options: string[] }
  | { id: string; type: 'rating'; min: typeof RATING_MIN; max: typeof RATING_MAX }
  | { id: string; type: 'text' }
  | { id: string; type: 'number'; min: number; max: number; integer: boolean; unit?: string };

/** The rating scale (campaign-schema.ts fixes it); in the list and its digest so that it is pinned too. */
export const RATING_MIN = 1;
export const RATING_MAX = 10;

export interface BallotList {
  version: typeof BALLOTS_VERSION;
  campaign: string;
  frozen_at: string;
  categories: Array<{ id: string; nominees: string[] }>;
  questions: ListQuestion[];
  ballots: Ballot[];
  ballots_count: number;
  disqualified: Array<{ id: string; reason: string }>;
  ballots_digest: string;
}

/** A stored entry as the freeze reads it. */
export interface BallotSource {
  ballotCheckId: string;
  ballot: Record<string, unknown>;
  answers: Record<string, unknown>;
  /** null when counted */
  disqualifiedReason: string | null;
}

const ascii = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A double as a plain decimal: no exponent, no "+", no trailing zeros, no "-0". Its digits are
 * ECMAScript's Number::toString digits (the fewest that read back as the same double; of equally
 * few, the nearest to it; Python's repr gives the same), with the exponent written out, so any
 * language's correctly rounding decimal parser gets the very number that was stored.
 */
export function plainDecimal(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`${n} is not a finite number`);
  if (n === 0) return '0';
  const s = String(n);
  const e = s.indexOf('e');
  if (e < 0) return s;
  const negative = s.startsWith('-');
  const mantissa = s.slice(negative ? 1 : 0, e);
  const exponent = Number(s.slice(e + 1));
  const dot = mantissa.indexOf('.');
  const digits = mantissa.replace('.', '');
  const point = (dot < 0 ? mantissa.length : dot) + exponent;
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return (negative ? '-' : '') + out;
}

export const DECIMAL = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]*[1-9])?$/;

/** The list's view of the campaign: ids and what a recount needs to tally answers, no wording. */
export function listDefinition(campaign: Pick<Campaign, 'categories' | 'questions'>): Pick<BallotList, 'categories' | 'questions'> {
  return {
    categories: campaign.categories.map((c) => ({ id: c.id, nominees: c.nominees.map((n) => n.id) })),
    questions: campaign.questions.map((q): ListQuestion => {
      switch (q.type) {
        case 'single':
        case 'multi':
          return { id: q.id, type: q.type, options: q.options.map((o) => o.id) };
        case 'number':
          return { id: q.id, type: 'number', min: q.min, max: q.max, integer: q.integer, ...(q.unit ? { unit: q.unit } : {}) };
        case 'rating':
          return { id: q.id, type: 'rating', min: RATING_MIN, max: RATING_MAX };
        default:
          return { id: q.id, type: q.type };
      }
    }),
  };
}

/**
 * One counted entry as a ballot row. Only what results.ts counts is kept (a vote for a nominee of
 * the category, a known option, a rating 1–10, a number within the question's range, a non-blank
 * text), so the results computed from the list are the results computed from the entries.
 */
export function ballotOf(definition: Pick<BallotList, 'categories' | 'questions'>, source: Pick<BallotSource, 'ballotCheckId' | 'ballot' | 'answers'>): Ballot {
  const votes: Record<string, string> = {};
  for (const c of [...definition.categories].sort((a, b) => ascii(a.id, b.id))) {
    const v = source.ballot[c.id];
    if (typeof v === 'string' && c.nominees.includes(v)) votes[c.id] = v;
  }
  const answers: Record<string, BallotAnswer> = {};
  for (const q of [...definition.questions].sort((a, b) => ascii(a.id, b.id))) {
    const v = source.answers[q.id];
    if (v === undefined || v === null) continue;
    switch (q.type) {
      case 'single':
      case 'multi': {
        const ids = [...new Set((Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string' && q.options.includes(x)))].sort(ascii);
        if (ids.length === 0) break;
        if (q.type === 'single') answers[q.id] = ids[0]!;
        else answers[q.id] = ids;
        break;
      }
      case 'rating': {
        const n = toNumber(v);
        if (n !== null && Number.isInteger(n) && n >= 1 && n <= 10) answers[q.id] = plainDecimal(n);
        break;
      }
      case 'number': {
        const n = toNumber(v);
        if (n !== null && n >= q.min && n <= q.max && (!q.integer || Number.isInteger(n))) answers[q.id] = plainDecimal(n);
        break;
      }
      case 'text':
        if (typeof v === 'string' && v.trim() !== '') answers[q.id] = TEXT_ANSWERED;
        break;
    }
  }
  return { id: source.ballotCheckId, votes, answers };
}

type Canonical = Pick<BallotList, 'campaign' | 'frozen_at' | 'categories' | 'questions' | 'ballots' | 'disqualified'>;

/** A question's line: its id, type and everything the recount reads from it (never its wording). */
function questionLine(q: ListQuestion): string {
  switch (q.type) {
    case 'single':
    case 'multi':
      return `question\t${q.id}\t${q.type}\t${q.options.join(',')}\n`;
    case 'rating':
      return `question\t${q.id}\trating\t${plainDecimal(q.min)}\t${plainDecimal(q.max)}\n`;
    case 'number':
      return `question\t${q.id}\tnumber\t${plainDecimal(q.min)}\t${plainDecimal(q.max)}\t${q.integer ? 'true' : 'false'}\t${q.unit ?? ''}\n`;
    case 'text':
      return `question\t${q.id}\ttext\n`;
  }
}

/**
 * The bytes the digest is taken over (docs/recount.md, "Canonical text"): the campaign, the
 * moment of the freeze and every definition the count depends on, in the list's order (ties and
 * bins follow it), then the ballots. Any change to any of them changes the digest.
 */
export function canonicalBallotText(list: Canonical): string {
  const lines = [`${BALLOTS_VERSION}\t${list.campaign}\t${list.frozen_at}\n`];
  for (const c of list.categories) lines.push(`category\t${c.id}\t${c.nominees.join(',')}\n`);
  for (const q of list.questions) lines.push(questionLine(q));
  for (const b of list.ballots) {
    const votes = Object.keys(b.votes).sort(ascii).map((c) => `${c}=${b.votes[c]}`).join(';');
    const answers = Object.keys(b.answers)
      .sort(ascii)
      .map((q) => {
        const a = b.answers[q]!;
        return `${q}=${Array.isArray(a) ? [...a].sort(ascii).join('+') : a}`;
      })
      .join(';');
    lines.push(`ballot\t${b.id}\t${votes}\t${answers}\n`);
  }
  for (const d of list.disqualified) lines.push(`disqualified\t${d.id}\t${d.reason}\n`);
  return lines.join('');
}

export function ballotsDigest(list: Canonical): string {
  return createHash('sha256').update(canonicalBallotText(list), 'utf8').digest('hex');
}

/** The list at the freeze: counted ballots and disqualified ones, each sorted by ballot-check id (never the entry order). */
export function buildBallotList(campaign: Pick<Campaign, 'slug' | 'categories' | 'questions'>, sources: readonly BallotSource[], frozenAt: Date): BallotList {
  const definition = listDefinition(campaign);
  const ballots = sources
    .filter((s) => s.disqualifiedReason === null)
    .map((s) => ballotOf(definition, s))
    .sort((a, b) => ascii(a.id, b.id));
  const disqualified = sources
    .filter((s) => s.disqualifiedReason !== null)
    .map((s) => ({ id: s.ballotCheckId, reason: s.disqualifiedReason! }))
    .sort((a, b) => ascii(a.id, b.id));
  const body = { campaign: campaign.slug, frozen_at: frozenAt.toISOString(), ...definition, ballots, disqualified };
  return {
    version: BALLOTS_VERSION,
    campaign: body.campaign,
    frozen_at: body.frozen_at,
    ...definition,
    ballots,
    ballots_count: ballots.length,
    disqualified,
    ballots_digest: ballotsDigest(body),
  };
}

/** Stored once and served byte for byte: plain JSON with one ballot (or category, question) a line. */
export function serializeBallotList(list: BallotList): string {
  const fields = Object.entries(list).map(([key, value]) =>
    Array.isArray(value) ? `${JSON.stringify(key)}: ${value.length ? `[\n${value.map((v) => JSON.stringify(v)).join(',\n')}\n]` : '[]'}` : `${JSON.stringify(key)}: ${JSON.stringify(value)}`,
  );
  return `{\n${fields.join(',\n')}\n}\n`;
}

/** A ballot row as results.ts counts it. */
export function resultEntryOf(list: Pick<BallotList, 'questions'>, ballot: Ballot): ResultEntry {
  const answers: Record<string, unknown> = {};
  for (const q of list.questions) {
    const a = ballot.answers[q.id];
    if (a === undefined) continue;
    answers[q.id] = q.type === 'rating' || q.type === 'number' ? Number(a) : a;
  }
  return { ballot: ballot.votes, answers };
}

/**
 * The list as CSV for a spreadsheet: one line per ballot, then the disqualified. Every cell is an
 * id, a decimal, option ids joined by "+", or empty, so nothing needs quoting.
 */
export function ballotListCsv(list: BallotList): string {
  const header = ['status', 'ballot_check_id', 'reason', ...list.categories.map((c) => `vote:${c.id}`), ...list.questions.map((q) => `${q.type}:${q.id}`)];
  const rows = [header.join(',')];
  for (const b of list.ballots) {
    const answer = (q: ListQuestion) => {
      const a = b.answers[q.id];
      return a === undefined ? '' : Array.isArray(a) ? a.join('+') : a;
    };
    rows.push(['counted', b.id, '', ...list.categories.map((c) => b.votes[c.id] ?? ''), ...list.questions.map(answer)].join(','));
  }
  for (const d of list.disqualified) rows.push(['disqualified', d.id, d.reason, ...list.categories.map(() => ''), ...list.questions.map(() => '')].join(','));
  return `${rows.join('\n')}\n`;
}
