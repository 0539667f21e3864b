import { eng, rus } from 'stopword';
import { stemEnglish, stemRussian } from './stemming';

const STOP_EN = new Set([...eng, 's', 't', 'said', 'says', 'also', 'would', 'could', 'one', 'new', 'year', 'mr', 'mrs']);
const STOP_RU = new Set([...rus, 'это', 'также', 'который', 'которые', 'году', 'года', 'заявил', 'сообщил']);
const FIRST_PERSON = new Set(['i', 'we', 'my', 'our', 'me', 'us', 'я', 'мы', 'мой', 'моя', 'наш', 'наша', 'нам', 'меня', 'нас']);
const ATTRIBUTION = new Set([
  'said', 'says', 'told', 'according', 'added', 'explained', 'claimed', 'insisted',
  'сказал', 'сказала', 'заявил', 'заявила', 'сообщил', 'сообщила', 'отметил', 'отметила', 'словам', 'считает', 'пояснил',
]);

/** What the scorer needs from a sentence's words, gathered in one pass. */
export interface SentenceTerms {
  terms: string[];
  /** The terms as ids of the lexicon they were read with (TF-IDF works on these, not on strings). */
  ids: Int32Array;
  words: number;
  firstPerson: boolean;
  attribution: boolean;
  numbers: boolean;
}

/** Everything known about one lower-case word, found with a single hash lookup. */
interface Word { key: string; term: string | null; id: number; firstPerson: boolean; attribution: boolean; digit: boolean }

/**
 * A language's words as the scorer sees them: stop word or not, stem, interned stem id, cue flags.
 * Looking each word up once here instead of in four sets and a stem memo was a fifth of the
 * summarizer's time (bench:summary throughput). Bounded: emptied between documents when full,
 * never during one, so the ids a document sees are consistent.
 */
export class Lexicon {
  private readonly words = new Map<string, Word>();
  /** The same entries by a hash of the word's characters: a lookup that needs no string at all. */
  private readonly hashed = new Map<number, Word>();
  private readonly ids = new Map<string, number>();
  constructor(
    readonly lang: string,
    private readonly limit = 200_000,
  ) {}

  /** Called before each document: the only point where the tables may be emptied. */
  ready(): this {
    if (this.words.size >= this.limit) {
      this.words.clear();
      this.hashed.clear();
      this.ids.clear();
    }
    return this;
  }

  /** How many distinct term ids exist now (ids are below this). */
  get size(): number {
    return this.ids.size;
  }

  /**
   * The entry of the lower-case word whose character codes are `codes[0..length)`, with `hash`
   * their FNV-1a hash; the word's string is made only the first time it is seen.
   */
  wordAt(codes: Uint16Array, length: number, hash: number): Word {
    const hit = this.hashed.get(hash);
    if (hit !== undefined && sameWord(hit.key, codes, length)) return hit;
    const w = String.fromCharCode(...codes.subarray(0, length));
    const entry = this.word(w);
    // On a hash collision the first word keeps the fast path; the other goes through `words`.
    if (hit === undefined) this.hashed.set(hash, entry);
    return entry;
  }

  word(w: string): Word {
    const hit = this.words.get(w);
    if (hit !== undefined) return hit;
    // A word sliced out of a text keeps the whole text alive; a key of its own holds only the word.
    const own = Buffer.from(w, 'utf8').toString('utf8');
    const term = this.termOf(own);
    let id = -1;
    if (term !== null) {
      id = this.ids.get(term) ?? -1;
      if (id < 0) this.ids.set(term, (id = this.ids.size));
    }
    const c = own.charCodeAt(0);
    const entry: Word = { key: own, term, id, firstPerson: FIRST_PERSON.has(own), attribution: ATTRIBUTION.has(own), digit: c >= 48 && c <= 57 };
    this.words.set(own, entry);
    return entry;
  }

  private termOf(w: string): string | null {
    if (this.lang === 'en') return STOP_EN.has(w) ? null : w.length > 2 ? stemEnglish(w) : w;
    if (this.lang === 'ru') return STOP_RU.has(w) ? null : w.length > 3 ? stemRussian(w) : w;
    return w;
  }
}

const lexicons = new Map<string, Lexicon>();

/** The shared lexicon of a language, ready for a new document. */
export function lexiconFor(lang: string): Lexicon {
  const key = lang === 'en' || lang === 'ru' ? lang : 'und';
  let lexicon = lexicons.get(key);
  if (!lexicon) lexicons.set(key, (lexicon = new Lexicon(key)));
  return lexicon.ready();
}

function sameWord(key: string, codes: Uint16Array, length: number): boolean {
  if (key.length !== length) return false;
  for (let i = 0; i < length; i++) if (key.charCodeAt(i) !== codes[i]) return false;
  return true;
}

/** Word characters as the lower-cased text is split (the regular expressions below), per code unit. */
const WORD_EN = /^[a-z0-9\u00e0-\u024f]$/;
const WORD_RU = /^[а-яёa-z0-9]$/;
const tables = new Map<string, Int32Array>();

const UNKNOWN = -2;

/**
 * For each UTF-16 code unit: its lower-case form when that is a word character of the language,
 * else -1; UNKNOWN until first met (lowerCode fills it in: a full table costs 40 ms to build). Taken
 * from String#toLowerCase, so scanning with it splits words exactly as lower-casing the text and
 * matching WORD_EN/WORD_RU did, without either copy.
 */
function lowerTable(lang: 'en' | 'ru'): Int32Array {
  let table = tables.get(lang);
  if (!table) tables.set(lang, (table = new Int32Array(0x10000).fill(UNKNOWN)));
  return table;
}

function lowerCode(table: Int32Array, lang: 'en' | 'ru', c: number): number {
  // Surrogates lower-case to surrogates, never to a word character.
  const lower = c >= 0xd800 && c <= 0xdfff ? '' : String.fromCharCode(c).toLowerCase();
  const word = lang === 'en' ? WORD_EN : WORD_RU;
  return (table[c] = lower.length > 0 && word.test(lower[0] as string) ? lower.charCodeAt(0) : -1);
}

// "İ" lower-cases to "i" and a combining dot, which ends the word.
const DOTTED_I = 0x130;
// The current word's lower-case code units; grown for the rare longer word.
let codes = new Uint16Array(64);

/** Content terms: lower-cased, stop words removed, stemmed for the language. */
export function analyzeSentence(text: string, lexicon: Lexicon): SentenceTerms {
  const lang = lexicon.lang;
  if (lang !== 'en' && lang !== 'ru') return analyzeOther(text, lexicon);
  const table = lowerTable(lang);
  const terms: string[] = [];
  const ids: number[] = [];
  let words = 0;
  let firstPerson = false;
  let attribution = false;
  let numbers = false;
  let length = 0;
  let hash = 0x811c9dc5;
  // One pass past the end: the sentinel -1 closes the last word. No closure in this loop: the
  // variables it writes would move to the heap.
  for (let i = 0; i <= text.length; i++) {
    const raw = i < text.length ? text.charCodeAt(i) : -1;
    let c = raw < 0 ? -1 : (table[raw] as number);
    if (c === UNKNOWN) c = lowerCode(table, lang, raw);
    if (c >= 0) {
      if (length === codes.length) {
        const grown = new Uint16Array(codes.length * 2);
        grown.set(codes);
        codes = grown;
      }
      codes[length++] = c;
      hash = Math.imul(hash ^ c, 0x01000193);
      if (raw !== DOTTED_I) continue;
    }
    if (length === 0) continue;
    const word = lexicon.wordAt(codes, length, hash & 0x3fffffff);
    words++;
    if (word.digit) numbers = true;
    if (word.firstPerson) firstPerson = true;
    if (word.attribution) attribution = true;
    if (word.term !== null) {
      terms.push(word.term);
      ids.push(word.id);
    }
    length = 0;
    hash = 0x811c9dc5;
  }
  return { terms, ids: Int32Array.from(ids), words, firstPerson, attribution, numbers };
}

/** Languages without a table: split on Unicode letters and digits. */
function analyzeOther(text: string, lexicon: Lexicon): SentenceTerms {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const terms: string[] = [];
  const ids: number[] = [];
  let numbers = false;
  let firstPerson = false;
  let attribution = false;
  for (const w of words) {
    const word = lexicon.word(w);
    numbers ||= word.digit;
    firstPerson ||= word.firstPerson;
    attribution ||= word.attribution;
    terms.push(word.term as string);
    ids.push(word.id);
  }
  return { terms, ids: Int32Array.from(ids), words: words.length, firstPerson, attribution, numbers };
}

export function contentTerms(text: string, lang: string): string[] {
  return analyzeSentence(text, lexiconFor(lang)).terms;
}
