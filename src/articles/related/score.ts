/**
 * The pure core of "Read next": which of a bounded pool of candidates are most related to an
 * article, by weighted shared tags, the same rubric, shared words of the headline and standfirst,
 * and nearness in time. No I/O: compute.ts reads the pool and stores the result.
 */

/** How many related articles are stored per article: the page shows 4 after dropping its neighbours. */
export const STORED = 6;

/** The weights of the four signals (each signal is between 0 and 1). */
export const WEIGHTS = { tags: 4, rubric: 1.5, text: 3, time: 1 } as const;

/** Days apart at which nearness in time counts half. */
const HALF_NEARNESS_DAYS = 30;
const DAY = 86_400_000;
const HOUR = 3_600_000;

export interface RelatedTarget {
  id: number;
  /** Milliseconds since the epoch. */
  publishedAt: number;
  rubric: string | null;
  tags: readonly string[];
  terms: readonly string[];
}

export interface RelatedCandidate {
  id: number;
  publishedAt: number;
  rubric: string | null;
  /** Its tags (only those it shares with the target matter). */
  tags: readonly string[];
  terms: readonly string[];
}

export interface Scored {
  id: number;
  score: number;
}

/**
 * Words of a headline that say nothing about its subject; stems as search-analyzer.ts makes them
 * (English and Russian Snowball), compared after stemming.
 */
const STOP = new Set(
  (
    'the a an and or but of to in on at by for with from into about after over under as is are was were be been has have had it its this that these those ' +
    'will would can could new not no than more most how what why who when where which up out off all just now also first year years one two three ' +
    'и в во не на с со по к ко из за от до для о об при как что это а но же ли бы он она они его ее их мы вы я ты так уже еще все был была были будет ' +
    'год года новый новая нов также только или у под над без про через после'
  )
    .split(' ')
    .map((w) => w.trim())
    .filter((w) => w !== ''),
);

/**
 * The term set an article is compared by: the distinct stems of its headline and standfirst
 * (already stemmed by the caller, space-separated), without stop words and one-letter words.
 */
export function termsOf(stemmed: string, stemOf: (word: string) => string = (w) => w): string[] {
  const stops = stopStems(stemOf);
  const out = new Set<string>();
  for (const t of stemmed.split(' ')) {
    if (t.length < 2 && !/\p{N}/u.test(t)) continue;
    if (stops.has(t)) continue;
    out.add(t);
    if (out.size >= 40) break;
  }
  return [...out];
}

let stopCache: { stemOf: (w: string) => string; stems: Set<string> } | null = null;
function stopStems(stemOf: (word: string) => string): Set<string> {
  if (stopCache?.stemOf !== stemOf) stopCache = { stemOf, stems: new Set([...STOP, ...[...STOP].map(stemOf)]) };
  return stopCache.stems;
}

/** One tag's stretch of the timeline around the target, as the pool read it. */
export interface TagWindow {
  tag: string;
  /** Publication times (ms) of the published articles with the tag that were read. */
  times: readonly number[];
}

/**
 * An IDF-like weight per tag without counting whole tags (a count over a 30,000-article tag is
 * what a save must not do): how often a tag occurs is estimated from how much time its window of
 * the newest N articles spans, against the same for all articles. A tag on one article in a
 * hundred weighs ln(101) ≈ 4.6; a tag on every article ln 2 ≈ 0.7. `all` is the window of all
 * published articles, read the same way. Without enough of a timeline every tag weighs 1.
 */
export function tagWeights(windows: readonly TagWindow[], all: readonly number[], at: number): Map<string, number> {
  const weights = new Map<string, number>();
  const rate = (times: readonly number[]) => {
    if (times.length === 0) return 0;
    let lo = at;
    let hi = at;
    for (const t of times) {
      if (t < lo) lo = t;
      if (t > hi) hi = t;
    }
    return times.length / Math.max(hi - lo, HOUR);
  };
  const overall = rate(all);
  for (const w of windows) {
    const own = rate(w.times);
    const weight = overall === 0 || own === 0 || all.length < 2 ? 1 : Math.log(1 + overall / own);
    weights.set(w.tag, Math.min(6, Math.max(0.2, weight)));
  }
  return weights;
}

/** How alike two term sets are: the cosine of their 0/1 vectors, 0..1. */
export function termSimilarity(a: readonly string[] | ReadonlySet<string>, b: readonly string[]): number {
  const set = a instanceof Set ? (a as ReadonlySet<string>) : new Set(a as readonly string[]);
  if (set.size === 0 || b.length === 0) return 0;
  let shared = 0;
  for (const t of b) if (set.has(t)) shared++;
  return shared / Math.sqrt(set.size * b.length);
}

/** One candidate's score against the target (higher is more related). */
export function scoreCandidate(target: RelatedTarget, candidate: RelatedCandidate, weights: ReadonlyMap<string, number>, targetTerms: ReadonlySet<string> = new Set(target.terms)): number {
  let total = 0;
  let shared = 0;
  for (const t of target.tags) {
    const w = weights.get(t) ?? 1;
    total += w;
    if (candidate.tags.includes(t)) shared += w;
  }
  const tags = total > 0 ? shared / total : 0;
  const rubric = target.rubric !== null && target.rubric === candidate.rubric ? 1 : 0;
  const text = termSimilarity(targetTerms, candidate.terms);
  const days = Math.abs(target.publishedAt - candidate.publishedAt) / DAY;
  const time = 1 / (1 + days / HALF_NEARNESS_DAYS);
  return WEIGHTS.tags * tags + WEIGHTS.rubric * rubric + WEIGHTS.text * text + WEIGHTS.time * time;
}

/**
 * The `limit` most related candidates, best first; among equal scores the one nearer in time,
 * then the newer. A candidate that shares nothing but nearness in time is never chosen, nor the
 * target itself.
 */
export function rankRelated(target: RelatedTarget, candidates: readonly RelatedCandidate[], weights: ReadonlyMap<string, number>, limit = STORED): Scored[] {
  const seen = new Set<number>([target.id]);
  const scored: Array<Scored & { distance: number; publishedAt: number }> = [];
  const time = WEIGHTS.time;
  // Made once: comparing every candidate with a set built anew cost a tenth of a computation.
  const terms = new Set(target.terms);
  for (const c of candidates) {
    if (seen.has(c.id)) continue;
    seen.add(c.id);
    const score = scoreCandidate(target, c, weights, terms);
    // Nearness alone is at most WEIGHTS.time: such a candidate is related by nothing.
    if (score <= time + 1e-9) continue;
    scored.push({ id: c.id, score, distance: Math.abs(target.publishedAt - c.publishedAt), publishedAt: c.publishedAt });
  }
  scored.sort((x, y) => y.score - x.score || x.distance - y.distance || y.publishedAt - x.publishedAt || y.id - x.id);
  return scored.slice(0, limit).map(({ id, score }) => ({ id, score }));
}
