/**
 * A synthetic archive of realistic shape for bench:archive, written as JSONL (the import format):
 * bodies of 300–1,500 words drawn from a Zipf-distributed vocabulary of 60,000 made-up words (a
 * few words are in nearly every article, most are rare), 4 rubrics, Zipf-distributed tags, 8
 * authors, dates over ten years with runs published at the same instant, ~1% scheduled in the
 * future. Deterministic: the same N gives the same file.
 *
 *   tsx bench/archive/generate.ts N OUT.jsonl
 */
import fs from 'node:fs';

export const VOCABULARY = 60_000;
const RUBRICS = ['News', 'Road tests', 'Industry', 'Electric cars'];
const AUTHORS = ['Anna Volkova', 'Boris Orlov', 'Chris Hale', 'Dina Petrova', 'Egor Lapin', 'Fiona Marsh', 'Gleb Sokolov', 'Hana Ito'];
const TAGS = 3000;

/** mulberry32: a small seeded PRNG, so the archive is the same on every run. */
export function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Word of rank r (0 = most frequent): distinct, pronounceable, short for frequent ranks. */
export function word(rank: number): string {
  const onsets = ['b', 'd', 'f', 'g', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'z', 'br', 'st', 'tr', 'pl', 'gr', 'sh'];
  const vowels = ['a', 'e', 'i', 'o', 'u', 'ai', 'ou'];
  let n = rank;
  let out = '';
  do {
    out += onsets[n % onsets.length]! + vowels[Math.floor(n / onsets.length) % vowels.length]!;
    n = Math.floor(n / (onsets.length * vowels.length));
  } while (n > 0);
  return out + (rank % 3 === 0 ? 'n' : rank % 3 === 1 ? 'r' : '');
}

/** Inverse-CDF sampling of a Zipf(s = 1) distribution over `size` ranks. */
export function zipf(size: number, rand: () => number) {
  const cdf = new Float64Array(size);
  let sum = 0;
  for (let i = 0; i < size; i++) cdf[i] = sum += 1 / (i + 1);
  for (let i = 0; i < size; i++) cdf[i]! /= sum;
  return () => {
    const u = rand();
    let lo = 0;
    let hi = size - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

export function* archive(n: number, now = Date.UTC(2026, 11, 1)): Generator<Record<string, unknown>> {
  const rand = random(20261201);
  const pick = zipf(VOCABULARY, rand);
  const pickTag = zipf(TAGS, rand);
  const words = Array.from({ length: VOCABULARY }, (_, r) => word(r));
  const span = 10 * 365 * 86400_000;
  let at = now - span;
  const step = span / n;
  for (let i = 0; i < n; i++) {
    // About one article in twenty shares its instant with the one before (twins for keyset paging).
    if (rand() > 0.05) at += Math.round(step * 2 * rand());
    const future = rand() < 0.01;
    const date = new Date(future ? now + Math.round(rand() * 30 * 86400_000) : Math.min(at, now - 60_000));
    const sentence = () => {
      const len = 8 + Math.floor(rand() * 18);
      const s = Array.from({ length: len }, () => words[pick()]!).join(' ');
      return s[0]!.toUpperCase() + s.slice(1) + '.';
    };
    const target = 300 + Math.floor(rand() * 1200);
    const paragraphs: string[] = [];
    let count = 0;
    while (count < target) {
      const sentences = Array.from({ length: 3 + Math.floor(rand() * 4) }, sentence);
      count += sentences.join(' ').split(' ').length;
      paragraphs.push(sentences.join(' '));
    }
    const title = sentence().slice(0, -1);
    const tags = [...new Set(Array.from({ length: Math.floor(rand() * 4) }, () => `tag ${word(pickTag())}`))];
    yield {
      title: `${title} ${i}`,
      slug: `a-${i}`,
      date: date.toISOString(),
      description: sentence(),
      author: AUTHORS[i % AUTHORS.length],
      rubric: RUBRICS[Math.floor(rand() * RUBRICS.length)],
      tags,
      body: paragraphs.join('\n\n'),
    };
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [n, out] = [Number(process.argv[2] ?? 1000), process.argv[3] ?? 'archive.jsonl'];
  const stream = fs.createWriteStream(out);
  for (const record of archive(n)) {
    if (!stream.write(`${JSON.stringify(record)}\n`)) await new Promise<void>((r) => stream.once('drain', () => r()));
  }
  await new Promise<void>((r) => stream.end(() => r()));
}
