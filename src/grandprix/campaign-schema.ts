import { parseDocument } from 'yaml';
import { z } from 'zod';
import { isMediaReference, MEDIA_REFERENCE_HINT, mediaKeyOf } from '../media/references';
import { CHAIN_INFO_FIELDS, chainHashOf, SCHEMES, wellKnownChain } from './drand-chains';
import { binsDrawable } from './results';
import { isValidTimeZone, localToInstant } from './zoned-time';

// Ids end up in form field names ("ballot.city-car"), URLs and stored ballots,
// so they are restricted to a boring, URL-safe alphabet.
const ID_PATTERN = /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/;
const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const id = z
  .string()
  .max(64)
  .regex(ID_PATTERN, 'must use lower-case letters, digits and single hyphens or underscores, e.g. "city-car"');

const text = z.string().trim().min(1, 'must not be empty');

const option = z.strictObject({ id, text });

const questionBase = {
  id,
  text,
  help: z.string().optional(),
  required: z.boolean().default(false),
};

const choiceOptions = z.array(option).min(2, 'must offer at least 2 options');

const question = z.discriminatedUnion('type', [
  z.strictObject({ ...questionBase, type: z.literal('single'), options: choiceOptions }),
  z.strictObject({ ...questionBase, type: z.literal('multi'), options: choiceOptions }),
  z.strictObject({
    ...questionBase,
    type: z.literal('text'),
    max_length: z.number().int().min(1).max(5000).default(500),
  }),
  // The scale is fixed at 1–10 so every rating chart reads the same way.
  z.strictObject({ ...questionBase, type: z.literal('rating') }),
  z.strictObject({
    ...questionBase,
    type: z.literal('number'),
    min: z.number(),
    max: z.number(),
    integer: z.boolean().default(false),
    // A field of the ballot list's canonical text (docs/recount.md): no TAB, line break or other control character.
    unit: z
      .string()
      .regex(/^[^\p{Cc}\p{Cs}]*$/u, 'must not contain a tab, a line break or another control character')
      .optional(),
  }),
]);

const nominee = z.strictObject({
  id,
  title: text,
  description: z.string().optional(),
  // A media library image (`media:KEY`), shown as a responsive picture; an http(s) or site URL is still shown as it is.
  image: z
    .string()
    .trim()
    .min(1)
    .superRefine((value, ctx) => {
      if (isMediaReference(value) ? mediaKeyOf(value) === null : !/^(?:https?:\/\/[^\s]+|\/(?!\/)[^\s]*)$/i.test(value)) {
        ctx.addIssue({ code: 'custom', message: `must be a media library image (${MEDIA_REFERENCE_HINT}) or an http(s) URL` });
      }
    })
    .optional(),
  /** What the photo shows, for readers who cannot see it; the nominee's name when not given. */
  image_alt: z.string().trim().min(1).max(500).optional(),
  article: z.string().regex(SLUG_PATTERN, 'must be an article slug, e.g. "lada-vesta-ng-test"').optional(),
});

const category = z.strictObject({
  id,
  title: text,
  description: z.string().optional(),
  nominees: z.array(nominee).min(1, 'must list at least one nominee'),
});

const PRIZE_VALUE_HINT = 'must be a number, e.g. 480000 (shown in the currency), or a text shown as written, e.g. "480 000 ₽"';

const prize = z.strictObject({
  title: text,
  description: z.string().default(''),
  // A number is formatted in the reader's language with `currency`; a text is shown as written.
  value: z.union([z.number().nonnegative(), z.string().trim().min(1, PRIZE_VALUE_HINT).max(100)], { error: PRIZE_VALUE_HINT }),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as "RUB"').default('RUB'),
});

const lowerHex = (what: string, pattern: RegExp) =>
  z
    .string()
    .regex(pattern, what)
    .transform((s) => s.toLowerCase());

const beacon = z.strictObject({
  // A drand chain hash is a SHA-256, written as 64 hex digits.
  chain: lowerHex('must be the 64-hex-digit drand chain hash', /^[0-9a-fA-F]{64}$/),
  round: z.number().int().positive(),
  // A chain Paddock does not ship (drand-chains.ts) is described by its /info, so the draw and
  // anyone verifying it can check the round's signature offline; the chain hash binds them.
  public_key: lowerHex("must be the chain's public key in hex, as its /info gives it", /^(?:[0-9a-fA-F]{2})+$/).optional(),
  genesis_time: z.number().int().positive().optional(),
  period: z.number().int().positive().optional(),
  scheme: z.enum(SCHEMES, { error: `must be one of ${SCHEMES.join(', ')}` }).optional(),
  group_hash: lowerHex('must be the 64-hex-digit group hash from the chain\'s /info', /^[0-9a-fA-F]{64}$/).optional(),
  beacon_id: z.string().min(1).optional(),
});

const draw = z.strictObject({
  alternates: z.number().int().min(0).max(100).default(5),
  claim_days: z.number().int().min(1).max(365).default(7),
  beacon: beacon.optional(),
});

const promo = z.strictObject({
  headline: text,
  text,
  rubrics: z.array(z.string().regex(SLUG_PATTERN, 'must be a rubric slug')).optional(),
});

const localDateTime = z.string();

export const campaignSchema = z.strictObject({
  slug: z.string().max(80).regex(SLUG_PATTERN, 'must be lower-case letters, digits and hyphens, e.g. "grand-prix-2023"'),
  title: text,
  description: z.string().default(''),
  timezone: z.string(),
  opens_at: localDateTime,
  closes_at: localDateTime,
  live_results: z.boolean().default(false),
  // How long a confirmation link works. Entries sent before the close stay eligible while their
  // link works, so the draw's entry list freezes up to this long after the close.
  confirm_hours: z.number('must be a whole number of hours, from 1 to 336').int('must be a whole number of hours, from 1 to 336').min(1).max(336).default(48),
  rules: text,
  promo,
  prizes: z.array(prize).min(1, 'must list at least one prize package'),
  categories: z.array(category).min(1, 'must list at least one category'),
  questions: z.array(question).default([]),
  draw: draw.default({ alternates: 5, claim_days: 7 }),
});

export type RawCampaign = z.output<typeof campaignSchema>;
export type Category = RawCampaign['categories'][number];
export type Nominee = Category['nominees'][number];
export type Question = RawCampaign['questions'][number];
export type QuestionType = Question['type'];
export type ChoiceQuestion = Extract<Question, { type: 'single' | 'multi' }>;
export type QuestionOption = ChoiceQuestion['options'][number];
export type Prize = RawCampaign['prizes'][number];
export type DrawSettings = RawCampaign['draw'];

/** The campaign as written, plus its opening and closing instants in UTC. */
export type Campaign = RawCampaign & { opensAt: Date; closesAt: Date };

export interface CampaignIssue {
  /** Path into the YAML, e.g. `categories[1].nominees[0].id`; "" for the whole file. */
  field: string;
  message: string;
}

export class CampaignFormatError extends Error {
  readonly code = 'campaign_format';
  readonly field: string;
  /** Every problem found, so an editor can fix them in one go. */
  readonly issues: CampaignIssue[];

  constructor(issues: CampaignIssue[]) {
    const first = issues[0] ?? { field: '', message: 'is not a valid campaign' };
    super(describeIssue(first) + (issues.length > 1 ? ` (and ${issues.length - 1} more problem(s))` : ''));
    this.name = 'CampaignFormatError';
    this.field = first.field;
    this.issues = issues;
  }
}

function describeIssue(issue: CampaignIssue): string {
  return issue.field ? `${issue.field}: ${issue.message}` : issue.message;
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

function humanMessage(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      // zod v4 puts the offending value on issue.input only when asked; the
      // "received undefined" suffix is the reliable sign of a missing field.
      return /received undefined$/.test(issue.message)
        ? `is missing (expected ${issue.expected})`
        : `must be a ${issue.expected} (${issue.message.replace(/^Invalid input: /, '')})`;
    case 'unrecognized_keys':
      return `has unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}; check the spelling`;
    case 'invalid_union':
      if ('discriminator' in issue && issue.discriminator === 'type') {
        return 'must be one of single, multi, text, rating, number';
      }
      return issue.message;
    case 'too_small':
      if (issue.origin === 'array' || issue.origin === 'string') return issue.message;
      return `must be ${issue.inclusive ? 'at least' : 'greater than'} ${String(issue.minimum)}`;
    case 'too_big':
      if (issue.origin === 'string') return `must be at most ${String(issue.maximum)} characters long`;
      if (issue.origin === 'array') return issue.message;
      return `must be ${issue.inclusive ? 'at most' : 'less than'} ${String(issue.maximum)}`;
    default:
      return issue.message;
  }
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:?\d{2})?$/;

type ParsedTime = { ok: true; instant: Date } | { ok: false; message: string };

/** Local time in `timeZone` (or an explicit offset) → UTC instant. */
export function parseCampaignTime(value: string, timeZone: string): ParsedTime {
  const m = DATE_TIME.exec(value.trim());
  if (!m) {
    return { ok: false, message: `"${value}" is not a date and time; write it like 2023-02-28T00:00:00` };
  }
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [
    number, number, number, number, number,
  ];
  const second = Number(m[6] ?? 0);
  const probe = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (
    probe.getUTCFullYear() !== year ||
    probe.getUTCMonth() !== month - 1 ||
    probe.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return { ok: false, message: `"${value}" is not a real calendar date and time` };
  }
  const zone = m[7];
  if (zone) {
    if (zone === 'Z') return { ok: true, instant: probe };
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
    return { ok: true, instant: new Date(probe.getTime() - offset * 60_000) };
  }
  const local = localToInstant({ year, month, day, hour, minute, second }, timeZone);
  if (local.kind === 'nonexistent') {
    return {
      ok: false,
      message: `${value} does not exist in ${timeZone}: the clocks skip it when daylight saving time starts; choose a time outside the skipped hour`,
    };
  }
  return { ok: true, instant: local.instant };
}

function duplicates<T>(items: readonly T[], key: (item: T) => string): Array<{ index: number; first: number }> {
  const seen = new Map<string, number>();
  const out: Array<{ index: number; first: number }> = [];
  items.forEach((item, index) => {
    const k = key(item);
    const first = seen.get(k);
    if (first === undefined) seen.set(k, index);
    else out.push({ index, first });
  });
  return out;
}

function crossFieldIssues(c: RawCampaign): { issues: CampaignIssue[]; opensAt?: Date; closesAt?: Date } {
  const issues: CampaignIssue[] = [];
  const add = (path: PropertyKey[], message: string) => issues.push({ field: formatPath(path), message });

  c.categories.forEach((cat, ci) => {
    for (const d of duplicates(cat.nominees, (n) => n.id)) {
      add(['categories', ci, 'nominees', d.index, 'id'], `"${cat.nominees[d.index]?.id}" is already used by categories[${ci}].nominees[${d.first}]; nominee ids must be unique within a category`);
    }
  });
  for (const d of duplicates(c.categories, (cat) => cat.id)) {
    add(['categories', d.index, 'id'], `"${c.categories[d.index]?.id}" is already used by categories[${d.first}]; category ids must be unique`);
  }
  c.questions.forEach((q, qi) => {
    if (q.type === 'single' || q.type === 'multi') {
      for (const d of duplicates(q.options, (o) => o.id)) {
        add(['questions', qi, 'options', d.index, 'id'], `"${q.options[d.index]?.id}" is already used by questions[${qi}].options[${d.first}]; option ids must be unique within a question`);
      }
    }
    if (q.type === 'number' && !(q.min < q.max)) {
      add(['questions', qi, 'max'], `must be greater than min (${q.min})`);
    } else if (q.type === 'number' && !Number.isFinite(q.max - q.min)) {
      // The bins are computed from max − min (results.ts, docs/recount.md).
      add(['questions', qi, 'max'], `is too far from min (${q.min}): max − min must be a finite number`);
    } else if (q.type === 'number' && q.integer && Math.ceil(q.min) > q.max) {
      // No answer could be given and there would be no bin to count it in.
      add(['questions', qi, 'max'], `must allow at least one whole number: integer is true and there is none from ${q.min} to ${q.max}`);
    } else if (q.type === 'number' && !binsDrawable(q)) {
      add(['questions', qi, 'max'], `is too close to min (${q.min}) for numbers this large, or the numbers are too large for finite bin bounds: the results could not be divided into bins; use a wider range or smaller numbers`);
    }
  });
  for (const d of duplicates(c.questions, (q) => q.id)) {
    add(['questions', d.index, 'id'], `"${c.questions[d.index]?.id}" is already used by questions[${d.first}]; question ids must be unique`);
  }

  const b = c.draw.beacon;
  if (b) {
    const given = CHAIN_INFO_FIELDS.filter((f) => b[f] !== undefined);
    const known = wellKnownChain(b.chain);
    if (given.length > 0 && given.length < CHAIN_INFO_FIELDS.length) {
      const missing = CHAIN_INFO_FIELDS.filter((f) => b[f] === undefined);
      add(['draw', 'beacon', missing[0] as string], `is missing: a chain's description needs ${CHAIN_INFO_FIELDS.join(', ')} (from its /info)`);
    } else if (given.length > 0 && !known) {
      const info = { public_key: b.public_key!, genesis_time: b.genesis_time!, period: b.period!, hash: b.chain, groupHash: b.group_hash!, schemeID: b.scheme!, metadata: { beaconID: b.beacon_id ?? 'default' } };
      if (chainHashOf(info) !== b.chain) {
        add(['draw', 'beacon', 'public_key'], `public_key, genesis_time, period, group_hash and beacon_id do not hash to chain ${b.chain}; copy them unchanged from the chain's /info`);
      }
    }
  }

  if (!isValidTimeZone(c.timezone)) {
    add(['timezone'], `"${c.timezone}" is not an IANA time zone name; use one like Europe/Moscow`);
    return { issues };
  }
  const opens = parseCampaignTime(c.opens_at, c.timezone);
  const closes = parseCampaignTime(c.closes_at, c.timezone);
  if (!opens.ok) add(['opens_at'], opens.message);
  if (!closes.ok) add(['closes_at'], closes.message);
  if (opens.ok && closes.ok) {
    if (!(opens.instant.getTime() < closes.instant.getTime())) {
      add(['closes_at'], `must be later than opens_at (${c.opens_at})`);
    }
    return { issues, opensAt: opens.instant, closesAt: closes.instant };
  }
  return { issues };
}

/** Validates already-parsed data (e.g. a stored copy of the YAML as JSON). */
export function parseCampaignData(data: unknown): Campaign {
  const result = campaignSchema.safeParse(data);
  if (!result.success) {
    throw new CampaignFormatError(
      result.error.issues.map((issue) => ({ field: formatPath(issue.path), message: humanMessage(issue) })),
    );
  }
  const { issues, opensAt, closesAt } = crossFieldIssues(result.data);
  if (issues.length > 0 || !opensAt || !closesAt) throw new CampaignFormatError(issues);
  return { ...result.data, opensAt, closesAt };
}

/** Parses and validates a campaign YAML file; throws CampaignFormatError naming the field. */
export function parseCampaign(yamlText: string): Campaign {
  // YAML 1.2 core schema: unquoted 2023-01-10T00:00:00 stays a string, so the
  // local time is read in the campaign's zone rather than as UTC by the parser.
  const doc = parseDocument(yamlText, { schema: 'core' });
  if (doc.errors.length > 0) {
    throw new CampaignFormatError(
      doc.errors.map((e) => ({
        field: '',
        message: `YAML syntax error${e.linePos ? ` at line ${e.linePos[0].line}, column ${e.linePos[0].col}` : ''}: ${(e.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')}`,
      })),
    );
  }
  const data: unknown = doc.toJS();
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new CampaignFormatError([{ field: '', message: 'the campaign file must be a YAML mapping (slug: …, title: …)' }]);
  }
  return parseCampaignData(data);
}
