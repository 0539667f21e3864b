import type { Campaign, Question } from './campaign-schema';

export const Z_95 = 1.959964;

export interface NomineeResult {
  id: string;
  title: string;
  votes: number;
  /** votes / total, 4 decimals; 0 when the category has no votes. */
  share: number;
  /** Wilson score 95% interval for the share, 4 decimals; [0, 0] with no votes. */
  ci95: [number, number];
}

export interface CategoryResult {
  id: string;
  title: string;
  /** Entries that voted in this category. */
  total: number;
  /** Most votes first; ties keep the order of the campaign file. */
  nominees: NomineeResult[];
}

export interface OptionResult {
  id: string;
  text: string;
  count: number;
  /** count / respondents: for multi the shares may add up to more than 1. */
  share: number;
}

export type QuestionResult =
  | { id: string; type: 'single' | 'multi'; text: string; respondents: number; options: OptionResult[] }
  | {
      id: string;
      type: 'rating';
      text: string;
      n: number;
      mean: number | null;
      histogram: Array<{ value: number; count: number }>;
    }
  | {
      id: string;
      type: 'number';
      text: string;
      unit?: string;
      n: number;
      mean: number | null;
      median: number | null;
      bins: NumberBin[];
    }
  // Free text is personal: only how many people wrote something is published.
  | { id: string; type: 'text'; text: string; n: number };

export interface NumberBin {
  /** Inclusive lower bound. */
  from: number;
  /** Exclusive upper bound, except for the last bin, which includes the question's max. */
  to: number;
  label: string;
  count: number;
}

export interface CampaignResults {
  entries: number;
  categories: CategoryResult[];
  questions: QuestionResult[];
}

export interface ResultEntry {
  ballot: Record<string, string>;
  answers: Record<string, unknown>;
}

const round = (x: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/**
 * Wilson score interval for `successes` out of `n`. Unlike the normal
 * approximation it stays inside [0, 1] and is sensible for a nominee with very
 * few (or all) votes, which is common early in a vote.
 */
export function wilsonInterval(successes: number, n: number, z = Z_95): [number, number] {
  if (n <= 0) return [0, 0];
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/**
 * The double nearest to 10^k, as a correctly rounding decimal parser reads "1e<k>". Not
 * `10 ** k`: V8's Math.pow is off by one ulp for some k, and docs/recount.md fixes this one.
 */
export const powerOfTen = (k: number): number => Number(`1e${k}`);

/**
 * The largest k with powerOfTen(k) ≤ raw (raw positive and finite). Math.log10 only gives the
 * first guess: it may land one off next to an exact power, so the guess is checked against the
 * powers themselves.
 */
export function decimalExponent(raw: number): number {
  let k = Math.floor(Math.log10(raw));
  while (powerOfTen(k) > raw) k -= 1;
  while (powerOfTen(k + 1) <= raw) k += 1;
  return k;
}

function niceStep(raw: number): number {
  const power = powerOfTen(decimalExponent(raw));
  for (const m of [1, 2, 5, 10]) if (m * power >= raw - 1e-12) return m * power;
  return 10 * power;
}

/**
 * About ten equal bins on round numbers; one bin per value for small integer ranges. An integer
 * question always allows a whole number (campaign-schema.ts refuses one that does not), so there
 * is always at least one bin.
 */
export function numberBins(q: { min: number; max: number; integer: boolean }): NumberBin[] {
  const bins: NumberBin[] = [];
  // Every bin must end past its start: at a magnitude where adding the width changes nothing
  // (min 1e17, a range of 16) the loops below would never end. Campaign import refuses such a
  // question (binsDrawable), so this guards only against a definition stored before it did. Near
  // the largest doubles, round(x, 10) overflows (x × 10^10 is Infinity): a bin must also be finite.
  const push = (bin: NumberBin) => {
    if (!(Number.isFinite(bin.from) && Number.isFinite(bin.to) && bin.to > bin.from) || bins.length >= MAX_BINS) throw new RangeError(`the range ${q.min}–${q.max} cannot be divided into bins`);
    bins.push(bin);
  };
  if (q.integer && q.max - q.min <= 20) {
    const lo = Math.ceil(q.min);
    for (let v = lo; v <= q.max; v++) push({ from: v, to: v + 1, label: String(v), count: 0 });
    return bins;
  }
  let width = niceStep((q.max - q.min) / 10);
  if (q.integer) width = Math.max(1, Math.round(width));
  const start = Math.floor(q.min / width) * width;
  for (let from = start; from < q.max || bins.length === 0; from = round(from + width, 10)) {
    const to = round(from + width, 10);
    const last = to >= q.max;
    const label = q.integer
      ? `${from}–${last ? q.max : to - 1}`
      : `${from}–${last ? q.max : to}`;
    push({ from, to, label, count: 0 });
  }
  return bins;
}

/** More than any range divided as above needs (about ten, or 21 whole numbers). */
const MAX_BINS = 100;

/** Whether a number question's range can be divided into bins (campaign import asks). */
export function binsDrawable(q: { min: number; max: number; integer: boolean }): boolean {
  try {
    return numberBins(q).length >= 1;
  } catch (error) {
    if (error instanceof RangeError) return false;
    throw error;
  }
}

/** An answer read as a number (form fields arrive as text); null when it is none. */
export function toNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

type ChoiceQuestion = Extract<Question, { type: 'single' | 'multi' }>;
type NumberQuestion = Extract<Question, { type: 'number' }>;

// A flat `kind` (rather than the nested q.type) lets TypeScript narrow.
type Tally =
  | { kind: 'choice'; q: ChoiceQuestion; index: Map<string, number>; counts: number[]; respondents: number }
  | { kind: 'rating'; q: Question; counts: number[]; n: number; sum: number }
  | { kind: 'number'; q: NumberQuestion; bins: NumberBin[]; width: number; values: number[]; sum: number }
  | { kind: 'text'; q: Question; n: number };

function newTally(q: Question): Tally {
  switch (q.type) {
    case 'single':
    case 'multi':
      return { kind: 'choice', q, index: new Map(q.options.map((o, i) => [o.id, i])), counts: q.options.map(() => 0), respondents: 0 };
    case 'rating':
      return { kind: 'rating', q, counts: new Array<number>(10).fill(0), n: 0, sum: 0 };
    case 'number': {
      const bins = numberBins(q);
      return { kind: 'number', q, bins, width: bins[0]!.to - bins[0]!.from, values: [], sum: 0 };
    }
    case 'text':
      return { kind: 'text', q, n: 0 };
  }
}

function addAnswer(t: Tally, value: unknown): void {
  if (value === undefined || value === null) return;
  switch (t.kind) {
    case 'choice': {
      const ids = Array.isArray(value) ? value : [value];
      let counted = false;
      for (const id of ids) {
        const i = typeof id === 'string' ? t.index.get(id) : undefined;
        if (i !== undefined) {
          t.counts[i]! += 1;
          counted = true;
        }
      }
      if (counted) t.respondents += 1;
      return;
    }
    case 'rating': {
      const n = toNumber(value);
      if (n === null || !Number.isInteger(n) || n < 1 || n > 10) return;
      t.counts[n - 1]! += 1;
      t.n += 1;
      t.sum += n;
      return;
    }
    case 'number': {
      const n = toNumber(value);
      // Whole numbers only for an integer question (entry-validate.ts refuses others), as in the ballot list.
      if (n === null || n < t.q.min || n > t.q.max || (t.q.integer && !Number.isInteger(n))) return;
      const i = Math.min(t.bins.length - 1, Math.max(0, Math.floor((n - t.bins[0]!.from) / t.width + 1e-9)));
      t.bins[i]!.count += 1;
      t.values.push(n);
      t.sum += n;
      return;
    }
    case 'text':
      if (typeof value === 'string' && value.trim() !== '') t.n += 1;
      return;
  }
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function finish(t: Tally): QuestionResult {
  const { id, text } = t.q;
  switch (t.kind) {
    case 'choice':
      return {
        id,
        type: t.q.type,
        text,
        respondents: t.respondents,
        options: t.q.options.map((o, i) => ({
          id: o.id,
          text: o.text,
          count: t.counts[i]!,
          share: t.respondents ? round(t.counts[i]! / t.respondents, 4) : 0,
        })),
      };
    case 'rating':
      return {
        id,
        type: 'rating',
        text,
        n: t.n,
        mean: t.n ? round(t.sum / t.n, 2) : null,
        histogram: t.counts.map((count, i) => ({ value: i + 1, count })),
      };
    case 'number': {
      const n = t.values.length;
      return {
        id,
        type: 'number',
        text,
        ...(t.q.unit ? { unit: t.q.unit } : {}),
        n,
        mean: n ? round(t.sum / n, 2) : null,
        median: median(t.values),
        bins: t.bins,
      };
    }
    case 'text':
      return { id, type: 'text', text, n: t.n };
  }
}

/**
 * Results of a campaign in one pass over the entries (an array or any
 * iterable, e.g. a database cursor). Votes or answers for ids the campaign
 * does not define are ignored rather than trusted.
 */
export function aggregateResults(
  campaign: Pick<Campaign, 'categories' | 'questions'>,
  entries: Iterable<ResultEntry>,
): CampaignResults {
  const categoryIndex = new Map(
    campaign.categories.map((c, ci) => [c.id, { ci, nominees: new Map(c.nominees.map((n, ni) => [n.id, ni])) }]),
  );
  const votes = campaign.categories.map((c) => new Array<number>(c.nominees.length).fill(0));
  const totals = campaign.categories.map(() => 0);
  const tallies = campaign.questions.map(newTally);
  let count = 0;

  for (const entry of entries) {
    count += 1;
    const ballot = entry.ballot;
    for (const categoryId in ballot) {
      const cat = categoryIndex.get(categoryId);
      const ni = cat?.nominees.get(ballot[categoryId]!);
      if (cat === undefined || ni === undefined) continue;
      votes[cat.ci]![ni]! += 1;
      totals[cat.ci]! += 1;
    }
    const answers = entry.answers;
    for (const t of tallies) addAnswer(t, answers[t.q.id]);
  }

  const categories = campaign.categories.map((c, ci): CategoryResult => {
    const total = totals[ci]!;
    const nominees = c.nominees.map((n, ni): NomineeResult => {
      const v = votes[ci]![ni]!;
      const [low, high] = wilsonInterval(v, total);
      return {
        id: n.id,
        title: n.title,
        votes: v,
        share: total ? round(v / total, 4) : 0,
        ci95: [round(low, 4), round(high, 4)],
      };
    });
    // Array.prototype.sort is stable, so equal counts keep the file's order.
    nominees.sort((a, b) => b.votes - a.votes);
    return { id: c.id, title: c.title, total, nominees };
  });

  return { entries: count, categories, questions: tallies.map(finish) };
}
