// The recount: checks a published ballot list and recomputes every published figure from it,
// reporting the first thing that does not hold. Pure: no files, no network, no database
// (recount-command.ts reads the inputs). docs/recount.md is the spec, checks in the same order.
import { BALLOTS_VERSION, ballotsDigest, DECIMAL, DISQUALIFY_REASONS, plainDecimal, RATING_MAX, RATING_MIN, resultEntryOf, type Ballot, type BallotList, type ListQuestion } from './ballot-list';
import { aggregateResults, binsDrawable, type CampaignResults } from './results';
import type { Campaign } from './campaign-schema';

export type RecountOutcome = { ok: true; results: CampaignResults } | { ok: false; field: string; message: string };

class Mismatch extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const HEX64 = /^[0-9a-f]{64}$/;
const ID = /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const TYPES = ['single', 'multi', 'text', 'rating', 'number'];
/** Date#toISOString's form, the only one Paddock writes. */
const FROZEN_AT = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$/;
/** A unit is a field of the canonical text: no control character (TAB, LF…) and no lone surrogate. */
const UNIT = /^[^\p{Cc}\p{Cs}]+$/u;
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
/** ballots_count as written: an integer without a fraction or an exponent (`36`, not `36.0` or `3.6e1`). */
const INTEGER_TOKEN = /^-?(?:0|[1-9][0-9]*)$/;

/** The fields the page's tables list; a recount refuses any other, so "no name, time or entry code" is checked. */
const LIST_FIELDS = ['version', 'campaign', 'frozen_at', 'categories', 'questions', 'ballots', 'ballots_count', 'disqualified', 'ballots_digest'] as const;
const CATEGORY_FIELDS = ['id', 'nominees'];
const BALLOT_FIELDS = ['id', 'votes', 'answers'];
const DISQUALIFIED_FIELDS = ['id', 'reason'];
const QUESTION_FIELDS: Record<string, readonly string[]> = {
  single: ['id', 'type', 'options'],
  multi: ['id', 'type', 'options'],
  rating: ['id', 'type', 'min', 'max'],
  number: ['id', 'type', 'min', 'max', 'integer', 'unit'],
  text: ['id', 'type'],
};

/**
 * Code point order (Python's string order). A JavaScript object cannot give its keys in the
 * document's order (it puts numeric-looking keys first), so the page fixes this order instead.
 */
export function byCodePoint(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

const unknownField = (o: Record<string, unknown>, known: readonly string[]): string | undefined => Object.keys(o).filter((k) => !known.includes(k)).sort(byCodePoint)[0];

/** A real UTC instant: the month exists, the day is in it (leap years by the Gregorian rule), no hour 24 or second 60. */
function realInstant(s: string): boolean {
  const [y, mo, d, h, mi, se] = [[0, 4], [5, 7], [8, 10], [11, 13], [14, 16], [17, 19]].map(([a, b]) => Number(s.slice(a, b)));
  const leap = y! % 4 === 0 && (y! % 100 !== 0 || y! % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo! - 1];
  return days !== undefined && d! >= 1 && d! <= days && h! <= 23 && mi! <= 59 && se! <= 59;
}

/**
 * A JSON document with what JSON.parse forgets: whether some object holds a key twice (JSON.parse
 * keeps the last, silently), and how the list's own top-level numbers were written.
 */
export class JsonDocument {
  constructor(
    readonly value: unknown,
    /** The first key found a second time in one object, in document order; null when none is. */
    readonly duplicateKey: string | null,
    /** The raw text of each top-level scalar, by key (ballots_count must be written as an integer). */
    readonly topLevelTokens: ReadonlyMap<string, string>,
  ) {}
}

/** Reads JSON text (throws SyntaxError when it is not JSON), then scans it for what JSON.parse hides. */
export function parseJsonDocument(text: string): JsonDocument {
  const value = JSON.parse(text) as unknown;
  // The text is valid JSON from here on, so the scan only has to tell keys from values.
  type Frame = { object: boolean; keys: Set<string>; expectKey: boolean; key?: string };
  const stack: Frame[] = [];
  const tokens = new Map<string, string>();
  let duplicate: string | null = null;
  const scalar = (raw: string) => {
    const top = stack[stack.length - 1];
    if (stack.length === 1 && top!.object && top!.key !== undefined) tokens.set(top!.key, raw);
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const raw = text.slice(i, j + 1);
      const top = stack[stack.length - 1];
      if (top?.object && top.expectKey) {
        const key = JSON.parse(raw) as string;
        if (duplicate === null && top.keys.has(key)) duplicate = key;
        top.keys.add(key);
        top.key = key;
        top.expectKey = false;
      } else scalar(raw);
      i = j + 1;
    } else if (ch === '{' || ch === '[') {
      stack.push({ object: ch === '{', keys: new Set(), expectKey: ch === '{' });
      i++;
    } else if (ch === '}' || ch === ']') {
      stack.pop();
      i++;
    } else if (ch === ',') {
      const top = stack[stack.length - 1];
      if (top?.object) top.expectKey = true;
      i++;
    } else if (ch === '-' || (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z')) {
      let j = i;
      while (j < text.length && /[-+.0-9a-zA-Z]/.test(text[j]!)) j++;
      scalar(text.slice(i, j));
      i = j;
    } else i++; // whitespace, ':'
  }
  return new JsonDocument(value, duplicate, tokens);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
const show = (v: unknown) => JSON.stringify(v) ?? String(v);

function fail(field: string, message: string): never {
  throw new Mismatch(field, message);
}

/**
 * Step 1: every field with its JSON type, in the order of the table in docs/recount.md, depth first
 * (each element of an array before the next field); in each object, the fields the page lists
 * first, then any other (the first in code point order); then any other top-level field.
 */
function checkShape(doc: unknown, tokens?: ReadonlyMap<string, string>): asserts doc is BallotList {
  if (!isObject(doc)) fail('(list)', 'the ballot list is not a JSON object');
  const rows = (name: string, known: readonly string[] | null, ok: (r: Record<string, unknown>) => boolean, expected: string) => {
    const v = doc[name];
    if (!Array.isArray(v)) fail(name, `${name} has the wrong type: expected ${expected}`);
    v.forEach((r: unknown, i) => {
      if (!isObject(r) || !ok(r)) fail(name, `${name}[${i}] has the wrong type: expected ${expected}`);
      const extra = known ? unknownField(r, known) : undefined;
      if (extra !== undefined) fail(`${name}[${i}].${extra}`, `${name}[${i}] has a field the page does not list: ${show(extra)}`);
    });
  };
  for (const name of LIST_FIELDS) {
    if (!(name in doc)) fail(name, `${name} is missing`);
    const v = doc[name];
    switch (name) {
      case 'categories':
        rows(name, CATEGORY_FIELDS, (c) => typeof c.id === 'string' && isStringArray(c.nominees), 'a list of {id, nominees}');
        break;
      case 'questions':
        // A question's other fields depend on its type: step 3 checks them.
        rows(name, null, (q) => typeof q.id === 'string' && typeof q.type === 'string', 'a list of {id, type, …}');
        break;
      case 'ballots':
        rows(name, BALLOT_FIELDS, (b) => typeof b.id === 'string' && isObject(b.votes) && isObject(b.answers), 'a list of {id, votes, answers}');
        break;
      case 'disqualified':
        rows(name, DISQUALIFIED_FIELDS, (d) => typeof d.id === 'string' && typeof d.reason === 'string', 'a list of {id, reason}');
        break;
      case 'ballots_count': {
        const token = tokens?.get(name);
        if (!Number.isInteger(v) || (token !== undefined && !INTEGER_TOKEN.test(token))) fail(name, `${name} has the wrong type: expected an integer written without a fraction or an exponent`);
        break;
      }
      default:
        if (typeof v !== 'string') fail(name, `${name} has the wrong type: expected a string`);
    }
  }
  const extra = unknownField(doc, LIST_FIELDS);
  if (extra !== undefined) fail(extra, `the list has a field the page does not list: ${show(extra)}`);
}

/** Step 3: the campaign's definitions as the list gives them. */
function checkDefinition(list: BallotList): void {
  const seen = new Set<string>();
  list.categories.forEach((c, i) => {
    if (!ID.test(c.id) || seen.has(c.id)) fail(`categories[${i}].id`, `categories[${i}].id ${show(c.id)} is not a unique id`);
    seen.add(c.id);
    if (c.nominees.length === 0 || new Set(c.nominees).size !== c.nominees.length || !c.nominees.every((n) => ID.test(n))) fail(`categories[${i}].nominees`, `categories[${i}].nominees must be unique ids`);
  });
  const questions = new Set<string>();
  list.questions.forEach((q, i) => {
    const raw = q as unknown as Record<string, unknown>;
    if (!ID.test(q.id) || questions.has(q.id)) fail(`questions[${i}].id`, `questions[${i}].id ${show(q.id)} is not a unique id`);
    questions.add(q.id);
    if (!TYPES.includes(q.type)) fail(`questions[${i}].type`, `questions[${i}].type ${show(q.type)} is not one of ${TYPES.join(', ')}`);
    const extra = unknownField(raw, QUESTION_FIELDS[q.type]!);
    if (extra !== undefined) fail(`questions[${i}].${extra}`, `questions[${i}] (${q.type}) has a field the page does not list for its type: ${show(extra)}`);
    if ((q.type === 'single' || q.type === 'multi') && (!isStringArray(raw.options) || raw.options.length < 2 || new Set(raw.options).size !== raw.options.length || !raw.options.every((o) => ID.test(o)))) {
      fail(`questions[${i}].options`, `questions[${i}].options must list at least 2 unique option ids`);
    }
    if (q.type === 'rating' && !(raw.min === RATING_MIN && raw.max === RATING_MAX)) {
      fail(`questions[${i}]`, `questions[${i}] (rating) must have min ${RATING_MIN} and max ${RATING_MAX}, the only scale of ${BALLOTS_VERSION}`);
    }
    if (q.type === 'number') {
      const { min, max, integer, unit } = raw;
      if (!(isFiniteNumber(min) && isFiniteNumber(max) && min < max && Number.isFinite(max - min) && typeof integer === 'boolean')) {
        fail(`questions[${i}]`, `questions[${i}] (number) needs finite numbers min < max (max − min finite) and a boolean integer`);
      }
      if (integer && Math.ceil(min) > max) fail(`questions[${i}]`, `questions[${i}] (number) is integer but allows no whole number from ${min} to ${max}`);
      if (!binsDrawable({ min, max, integer })) fail(`questions[${i}]`, `questions[${i}] (number): the range ${min}…${max} cannot be divided into finite bins that each end past their start`);
      if (unit !== undefined && !(typeof unit === 'string' && UNIT.test(unit))) fail(`questions[${i}].unit`, `questions[${i}].unit must be a non-empty string without control characters`);
    }
  });
}

function answerProblem(q: ListQuestion, a: unknown): string | null {
  switch (q.type) {
    case 'single':
      return typeof a === 'string' && q.options.includes(a) ? null : 'is not one of its options';
    case 'multi':
      if (!isStringArray(a) || a.length === 0 || !a.every((x) => q.options.includes(x))) return 'is not a non-empty list of its options';
      for (let i = 1; i < a.length; i++) if (!(a[i - 1]! < a[i]!)) return 'does not list its options sorted and once each';
      return null;
    case 'rating':
      return typeof a === 'string' && /^(?:[1-9]|10)$/.test(a) ? null : 'is not a rating from 1 to 10';
    case 'number': {
      if (typeof a !== 'string' || !DECIMAL.test(a)) return 'is not a plain decimal';
      const n = Number(a);
      if (plainDecimal(n) !== a) return `is not the shortest decimal of its number (${plainDecimal(n)})`;
      if (q.integer && !Number.isInteger(n)) return 'is not a whole number (the question is integer)';
      if (n < q.min || n > q.max) return `is outside ${q.min}…${q.max}`;
      return null;
    }
    case 'text':
      return a === 'answered' ? null : 'must be "answered" (the text itself is never published)';
  }
}

/** Steps 4–6: ids sorted and unique, known reason codes, every vote and answer one the campaign allows, the count. */
function checkRows(list: BallotList): void {
  const categories = new Map(list.categories.map((c) => [c.id, c.nominees]));
  const questions = new Map(list.questions.map((q) => [q.id, q]));
  const sorted = (rows: Array<{ id: string }>, name: string) =>
    rows.forEach((r, i) => {
      if (!HEX64.test(r.id)) fail(`${name}[${i}].id`, `${name}[${i}].id is not 64 lower-case hex characters`);
      const prev = rows[i - 1];
      if (prev && prev.id === r.id) fail(`${name}[${i}].id`, `${name}[${i}] duplicates ${name}[${i - 1}]`);
      if (prev && prev.id > r.id) fail(name, `${name} are not sorted by id: ${name}[${i - 1}] comes after ${name}[${i}]`);
    });
  sorted(list.ballots, 'ballots');
  sorted(list.disqualified, 'disqualified');
  const counted = new Set(list.ballots.map((b) => b.id));
  list.disqualified.forEach((d, i) => {
    if (counted.has(d.id)) fail(`disqualified[${i}].id`, `disqualified[${i}] is also a counted ballot`);
    if (!(DISQUALIFY_REASONS as readonly string[]).includes(d.reason)) fail(`disqualified[${i}].reason`, `disqualified[${i}].reason ${show(d.reason)} is not one of ${DISQUALIFY_REASONS.join(', ')}`);
  });
  list.ballots.forEach((b: Ballot, i) => {
    // Keys in code point order, whatever the document's order (docs/recount.md, check 5).
    for (const c of Object.keys(b.votes).sort(byCodePoint)) {
      const n = b.votes[c];
      const nominees = categories.get(c);
      if (!nominees) fail(`ballots[${i}].votes.${c}`, `ballots[${i}] votes in ${show(c)}, which is not a category of the list`);
      if (typeof n !== 'string' || !nominees.includes(n)) fail(`ballots[${i}].votes.${c}`, `ballots[${i}] votes for ${show(n)}, which is not a nominee of ${c}`);
    }
    for (const qid of Object.keys(b.answers).sort(byCodePoint)) {
      const a = b.answers[qid];
      const q = questions.get(qid);
      if (!q) fail(`ballots[${i}].answers.${qid}`, `ballots[${i}] answers ${show(qid)}, which is not a question of the list`);
      const problem = answerProblem(q, a);
      if (problem) fail(`ballots[${i}].answers.${qid}`, `ballots[${i}].answers.${qid} ${show(a)} ${problem}`);
    }
  });
  if (list.ballots_count !== list.ballots.length) fail('ballots_count', `ballots_count is ${list.ballots_count}, the list has ${list.ballots.length} ballots`);
}

/** The figures the ballots give: results.ts over the list, with the campaign reduced to its ids. */
export function resultsFromList(list: Pick<BallotList, 'categories' | 'questions' | 'ballots'>): CampaignResults {
  const campaign = {
    categories: list.categories.map((c) => ({ id: c.id, title: '', nominees: c.nominees.map((n) => ({ id: n, title: '' })) })),
    questions: list.questions.map((q) => ({ ...q, text: '', required: false, ...('options' in q ? { options: q.options.map((o) => ({ id: o, text: '' })) } : {}) })),
  } as unknown as Pick<Campaign, 'categories' | 'questions'>;
  return aggregateResults(campaign, list.ballots.map((b) => resultEntryOf(list, b)));
}

/** Compares one published figure with the recounted one; numbers must be equal as doubles. */
function same(field: string, what: string, published: unknown, recounted: unknown): void {
  if (published === recounted) return;
  if (published === undefined) fail(field, `${what}: the results do not give it; the ballots give ${show(recounted)}`);
  fail(field, `${what}: the results say ${show(published)}, the ballots give ${show(recounted)}`);
}

function list(field: string, what: string, published: unknown, length: number): unknown[] {
  if (!Array.isArray(published)) fail(field, `${what}: the results have no list here`);
  if (published.length !== length) fail(field, `${what}: the results list ${published.length}, the ballots give ${length}`);
  return published;
}

const at = (v: unknown, key: string): unknown => (isObject(v) ? v[key] : undefined);

/** Step 9: the results name this list, then every figure, in the order the results document gives them. */
function compareResults(document: unknown, r: CampaignResults, tie: Pick<BallotList, 'campaign' | 'ballots_digest'>): void {
  if (document instanceof JsonDocument && document.duplicateKey !== null) fail('results', `the results hold the key ${show(document.duplicateKey)} twice in one object`);
  const published = document instanceof JsonDocument ? document.value : document;
  if (!isObject(published)) fail('results', 'the results are not a JSON object');
  if (published.campaign !== tie.campaign) fail('results.campaign', `the results are of campaign ${show(published.campaign)}, the list of ${show(tie.campaign)}`);
  if (published.ballots_digest !== tie.ballots_digest) {
    fail('results.ballots_digest', `the results were counted from the list ${show(published.ballots_digest)}, not from this one (${tie.ballots_digest})`);
  }
  same('results.entries', 'number of ballots', published.entries, r.entries);
  const cats = list('results.categories', 'categories', published.categories, r.categories.length);
  r.categories.forEach((c, ci) => {
    const pc = cats[ci];
    const f = `results.categories[${ci}]`;
    same(`${f}.id`, `category ${ci + 1}`, at(pc, 'id'), c.id);
    same(`${f}.total`, `${c.id}, votes cast`, at(pc, 'total'), c.total);
    const noms = list(`${f}.nominees`, `${c.id}, nominees`, at(pc, 'nominees'), c.nominees.length);
    c.nominees.forEach((n, ni) => {
      const pn = noms[ni];
      const g = `${f}.nominees[${ni}]`;
      if (at(pn, 'id') !== n.id) fail(`${g}.id`, `${c.id}, place ${ni + 1}: the results put ${show(at(pn, 'id'))} there, the ballots put ${n.id} (${n.votes} votes)`);
      same(`${g}.votes`, `${c.id} / ${n.id}, votes`, at(pn, 'votes'), n.votes);
      same(`${g}.share`, `${c.id} / ${n.id}, share`, at(pn, 'share'), n.share);
      const ci95 = at(pn, 'ci95');
      if (!Array.isArray(ci95) || ci95.length !== 2) fail(`${g}.ci95`, `${c.id} / ${n.id}, 95% interval: the results give ${show(ci95)}, not a pair [low, high]`);
      same(`${g}.ci95[0]`, `${c.id} / ${n.id}, 95% interval low`, ci95[0], n.ci95[0]);
      same(`${g}.ci95[1]`, `${c.id} / ${n.id}, 95% interval high`, ci95[1], n.ci95[1]);
    });
  });
  const qs = list('results.questions', 'questions', published.questions, r.questions.length);
  r.questions.forEach((q, qi) => {
    const pq = qs[qi];
    const f = `results.questions[${qi}]`;
    same(`${f}.id`, `question ${qi + 1}`, at(pq, 'id'), q.id);
    same(`${f}.type`, `${q.id}, type`, at(pq, 'type'), q.type);
    switch (q.type) {
      case 'single':
      case 'multi': {
        same(`${f}.respondents`, `${q.id}, respondents`, at(pq, 'respondents'), q.respondents);
        const options = list(`${f}.options`, `${q.id}, options`, at(pq, 'options'), q.options.length);
        q.options.forEach((o, oi) => {
          same(`${f}.options[${oi}].id`, `${q.id}, option ${oi + 1}`, at(options[oi], 'id'), o.id);
          same(`${f}.options[${oi}].count`, `${q.id} / ${o.id}, count`, at(options[oi], 'count'), o.count);
          same(`${f}.options[${oi}].share`, `${q.id} / ${o.id}, share`, at(options[oi], 'share'), o.share);
        });
        break;
      }
      case 'rating': {
        same(`${f}.n`, `${q.id}, answers`, at(pq, 'n'), q.n);
        same(`${f}.mean`, `${q.id}, mean`, at(pq, 'mean'), q.mean);
        const hist = list(`${f}.histogram`, `${q.id}, histogram`, at(pq, 'histogram'), q.histogram.length);
        q.histogram.forEach((h, hi) => {
          same(`${f}.histogram[${hi}].value`, `${q.id}, histogram value`, at(hist[hi], 'value'), h.value);
          same(`${f}.histogram[${hi}].count`, `${q.id}, ratings of ${h.value}`, at(hist[hi], 'count'), h.count);
        });
        break;
      }
      case 'number': {
        // A question without a unit publishes none: `unit: null` is not the same as absent.
        if (q.unit === undefined && isObject(pq) && 'unit' in pq) fail(`${f}.unit`, `${q.id}, unit: the results give ${show(pq.unit)}, the list has no unit (the field must be absent)`);
        same(`${f}.unit`, `${q.id}, unit`, at(pq, 'unit'), q.unit);
        same(`${f}.n`, `${q.id}, answers`, at(pq, 'n'), q.n);
        same(`${f}.mean`, `${q.id}, mean`, at(pq, 'mean'), q.mean);
        same(`${f}.median`, `${q.id}, median`, at(pq, 'median'), q.median);
        const bins = list(`${f}.bins`, `${q.id}, bins`, at(pq, 'bins'), q.bins.length);
        q.bins.forEach((b, bi) => {
          same(`${f}.bins[${bi}].from`, `${q.id}, bin ${bi + 1} from`, at(bins[bi], 'from'), b.from);
          same(`${f}.bins[${bi}].to`, `${q.id}, bin ${bi + 1} to`, at(bins[bi], 'to'), b.to);
          same(`${f}.bins[${bi}].count`, `${q.id}, bin ${b.from}–${b.to} count`, at(bins[bi], 'count'), b.count);
        });
        break;
      }
      case 'text':
        same(`${f}.n`, `${q.id}, people who wrote something`, at(pq, 'n'), q.n);
        break;
    }
  });
}

/**
 * Checks `list` and, when given, that its digest is the one published at the freeze and that
 * `results` (the published results) are exactly what its ballots give. Each is parsed JSON or,
 * better, a JsonDocument (parseJsonDocument): only then are duplicate keys and the spelling of
 * ballots_count checked, which JSON.parse cannot show.
 */
export function recount(input: unknown, options: { results?: unknown; publishedDigest?: string } = {}): RecountOutcome {
  try {
    // Given as text (parseJsonDocument), the list is also checked for what JSON.parse hides.
    const doc = input instanceof JsonDocument ? input.value : input;
    if (input instanceof JsonDocument && input.duplicateKey !== null) fail('(list)', `the list holds the key ${show(input.duplicateKey)} twice in one object`);
    checkShape(doc, input instanceof JsonDocument ? input.topLevelTokens : undefined);
    if (doc.version !== BALLOTS_VERSION) fail('version', `version is ${show(doc.version)}, expected "${BALLOTS_VERSION}"`);
    if (!SLUG.test(doc.campaign)) fail('campaign', `campaign ${show(doc.campaign)} is not a campaign slug`);
    if (!FROZEN_AT.test(doc.frozen_at)) fail('frozen_at', `frozen_at ${show(doc.frozen_at)} is not of the form 2025-03-01T09:00:00.000Z`);
    if (!realInstant(doc.frozen_at)) fail('frozen_at', `frozen_at ${show(doc.frozen_at)} is not a real instant (no such day or time)`);
    if (!HEX64.test(doc.ballots_digest)) fail('ballots_digest', 'ballots_digest is not 64 lower-case hex characters');
    checkDefinition(doc);
    checkRows(doc);
    if (ballotsDigest(doc) !== doc.ballots_digest) fail('ballots_digest', 'ballots_digest does not match SHA-256 of the canonical text of the list');
    if (options.publishedDigest !== undefined && options.publishedDigest !== doc.ballots_digest) {
      fail('ballots_digest', `ballots_digest ${doc.ballots_digest} is not the digest published at the freeze (${options.publishedDigest})`);
    }
    const results = resultsFromList(doc);
    if (options.results !== undefined) compareResults(options.results, results, doc);
    return { ok: true, results };
  } catch (error) {
    if (error instanceof Mismatch) return { ok: false, field: error.field, message: error.message };
    throw error;
  }
}
