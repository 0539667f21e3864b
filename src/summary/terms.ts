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
interface Word { term: string | null; id: number; firstPerson: boolean; attribution: boolean; digit: boolean }

/**
 * A language's words as the scorer sees them: stop word or not, stem, interned stem id, cue flags.
 * Looking each word up once here instead of in four sets and a stem memo was a fifth of the
 * summarizer's time (bench:summary throughput). Bounded: emptied between documents when full,
 * never during one, so the ids a document sees are consistent.
 */
export class Lexicon {
  private readonly words = new Map<string, Word>();
  private readonly ids = new Map<string, number>();
  constructor(
    readonly lang: string,
    private readonly limit = 200_000,
  ) {}

  /** Called before each document: the only point where the tables may be emptied. */
  ready(): this {
    if (this.words.size >= this.limit) {
      this.words.clear();
      this.ids.clear();
    }
    return this;
  }

  /** How many distinct term ids exist now (ids are below this). */
  get size(): number {
    return this.ids.size;
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
    const entry: Word = { term, id, firstPerson: FIRST_PERSON.has(own), attribution: ATTRIBUTION.has(own), digit: c >= 48 && c <= 57 };
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

function wordsOf(lower: string, lang: string): string[] {
  if (lang === 'en') return lower.match(/[a-z0-9\u00e0-\u024f]+/g) ?? [];
  if (lang === 'ru') return lower.match(/[а-яёa-z0-9]+/g) ?? [];
  return lower.match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Content terms: lower-cased, stop words removed, stemmed for the language. */
export function analyzeSentence(text: string, lexicon: Lexicon): SentenceTerms {
  const words = wordsOf(text.toLowerCase(), lexicon.lang);
  const terms: string[] = [];
  const ids: number[] = [];
  let firstPerson = false;
  let attribution = false;
  let numbers = false;
  for (const w of words) {
    const word = lexicon.word(w);
    numbers ||= word.digit;
    firstPerson ||= word.firstPerson;
    attribution ||= word.attribution;
    if (word.term !== null) {
      terms.push(word.term);
      ids.push(word.id);
    }
  }
  return { terms, ids: Int32Array.from(ids), words: words.length, firstPerson, attribution, numbers };
}

export function contentTerms(text: string, lang: string): string[] {
  return analyzeSentence(text, lexiconFor(lang)).terms;
}
