import { ALWAYS_GLUED, AMBIGUOUS, SENTENCE_OPENERS } from './abbreviations';
import type { Sentence } from './types';

export type { Sentence } from './types';

// A terminator run, then closing quotes/brackets; a boundary needs whitespace after it.
// Text pasted from a web page may glue sentences with markup ("end.</p><p>Next"): a tag counts as space here.
// The lookbehind lets a match start only where a run starts: without it a long run of dots with
// no space after it is retried from every position, which is quadratic (150,000 dots took 54 s).
const TERMINATOR = /(?<![.!?…])[.!?…]+(?:["'”’»)\]]|&quot;)*(?=\s|<\/?[A-Za-z])/g;
// An HTML/XML tag; sentences never start or end with one.
const EDGE_TAG_START = /^<\/?[A-Za-z][^<>]{0,200}>/;
const EDGE_TAG_END = /<\/?[A-Za-z][^<>]{0,200}>$/;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const UPPER = /\p{Lu}/u;
const LOWER = /\p{Ll}/u;
const OPENING = /["'“‘«([\-—–•*]/;
const QUOTED_NAME_GOES_ON = /^«[^«»\s]+(?:\s[^«»\s]+){0,2}»\s+\p{Ll}/u;
const RU_AMOUNTS = new Set(['руб', 'коп', 'долл', 'тыс', 'млн', 'млрд', 'трлн']);

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\u00a0' || c === '\f' || c === '\v' || c === '\u2009' || c === '\u202f';
}

/**
 * Lower-cased corpora (RIA, some CNN/DM) start sentences in lower case; only
 * then may a lower-case word open a sentence.
 */
function isLowerCased(text: string): boolean {
  const n = Math.min(text.length, 10_000);
  let upper = 0;
  let lower = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    // Latin and Cyrillic cover the languages we segment specially.
    if ((c >= 65 && c <= 90) || (c >= 0x410 && c <= 0x42f) || c === 0x401) upper++;
    else if ((c >= 97 && c <= 122) || (c >= 0x430 && c <= 0x44f) || c === 0x451) lower++;
  }
  return lower > 50 && upper < lower * 0.005;
}

function wordBefore(line: string, dot: number): string {
  let i = dot;
  while (i > 0 && !isSpace(line[i - 1]) && !'("\'“‘«[—–'.includes(line[i - 1] as string)) i--;
  return line.slice(i, dot);
}

function wordAfter(line: string, from: number): string {
  const m = /^[\p{L}\p{N}.'’-]+/u.exec(line.slice(from, from + 40));
  return m ? m[0] : '';
}

/** Decides whether a period at `dot` (terminator run [dot, end)) ends a sentence. */
function periodEnds(line: string, dot: number, next: number, lowerCased: boolean, lineStart: number): boolean {
  const before = wordBefore(line, dot);
  if (before === '') return true;
  const key = before.toLowerCase();
  const nextWord = wordAfter(line, next);
  const nextChar = line[next] ?? '';
  const nextIsDigit = /\p{N}/u.test(nextChar);
  // "1. First item" at the start of a line is a list marker, not a sentence.
  if (/^\d{1,3}$/.test(before) && dot - before.length <= lineStart) return false;
  if (ALWAYS_GLUED.has(key)) return false;
  // Initials: "J. K. Rowling", "С. Когогин".
  if (/^\p{Lu}$/u.test(before)) return false;
  const dotted = /^(?:\p{L}{1,3}\.)+\p{L}{1,3}$/u.test(before); // U.S, D.C, т.е, a.m
  if (AMBIGUOUS.has(key) || dotted || /^\p{Ll}$/u.test(before)) {
    if (nextIsDigit) return false;
    if (lowerCased) return SENTENCE_OPENERS.has(nextWord.toLowerCase());
    // "в 2026 г. «КамАЗ» рассчитывает": a short name in quotes carries the sentence on.
    if (QUOTED_NAME_GOES_ON.test(line.slice(next, next + 60))) return false;
    // Sums end Russian sentences all the time, and a capital after them is a new one ("420 млрд руб. Экспорт …").
    if (RU_AMOUNTS.has(key) && /[А-ЯЁ]/.test(nextChar)) return true;
    if (!UPPER.test(nextChar) && !OPENING.test(nextChar)) return false;
    return OPENING.test(nextChar) || SENTENCE_OPENERS.has(nextWord.toLowerCase());
  }
  return true;
}

function pushSentence(out: Sentence[], text: string, start: number, end: number): void {
  for (;;) {
    while (start < end && /\s/.test(text[start] as string)) start++;
    if (text[start] !== '<') break;
    const tag = EDGE_TAG_START.exec(text.slice(start, Math.min(end, start + 210)));
    if (!tag) break;
    start += tag[0].length;
  }
  for (;;) {
    while (end > start && /\s/.test(text[end - 1] as string)) end--;
    if (text[end - 1] !== '>') break;
    const tag = EDGE_TAG_END.exec(text.slice(Math.max(start, end - 210), end));
    if (!tag) break;
    end -= tag[0].length;
  }
  if (end <= start) return;
  const slice = text.slice(start, end);
  if (!LETTER_OR_DIGIT.test(slice)) return; // bullets, rules, stray punctuation
  out.push({ index: out.length, start, end, text: slice });
}

function segmentLine(text: string, lineStart: number, lineEnd: number, lowerCased: boolean, out: Sentence[]): void {
  const line = text.slice(lineStart, lineEnd);
  let sentStart = 0;
  TERMINATOR.lastIndex = 0;
  for (let m = TERMINATOR.exec(line); m !== null; m = TERMINATOR.exec(line)) {
    const end = m.index + m[0].length;
    let next = end;
    while (next < line.length && isSpace(line[next])) next++;
    if (next >= line.length) break;
    const run = m[0];
    const nextChar = line[next] as string;
    let boundary: boolean;
    if (!lowerCased && LOWER.test(nextChar)) boundary = false;
    else if (/[!?]/.test(run) || /^(?:\.\.\.|…)/.test(run)) boundary = true;
    else boundary = periodEnds(line, m.index, next, lowerCased, 0);
    if (boundary) {
      pushSentence(out, text, lineStart + sentStart, lineStart + end);
      sentStart = next;
    }
  }
  pushSentence(out, text, lineStart + sentStart, lineEnd);
}

/**
 * Splits text into sentences. Line breaks always end a sentence (headings,
 * list items and paragraphs are lines); inside a line, a terminator ends one
 * unless it closes an abbreviation, an initial or a list number.
 * Linear in the length of the text.
 */
export function segment(text: string, _lang?: string): Sentence[] {
  const out: Sentence[] = [];
  if (typeof text !== 'string' || text.length === 0) return out;
  const lowerCased = isLowerCased(text);
  let lineStart = 0;
  while (lineStart <= text.length) {
    let nl = text.indexOf('\n', lineStart);
    const cr = text.indexOf('\r', lineStart);
    if (cr !== -1 && (nl === -1 || cr < nl)) nl = cr;
    const lineEnd = nl === -1 ? text.length : nl;
    if (lineEnd > lineStart) segmentLine(text, lineStart, lineEnd, lowerCased, out);
    if (nl === -1) break;
    lineStart = nl + 1;
  }
  return out;
}
