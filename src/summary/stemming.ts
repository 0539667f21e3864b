import { stemmer as porter } from 'stemmer';
import snowball from 'snowball-stemmers';
import { porterNltk } from './porter-nltk';

const russian = snowball.newStemmer('russian');

// Stemming dominates tokenization cost; news vocabularies repeat heavily, so a
// bounded memo makes it nearly free. Cleared wholesale when full to stay O(1).
const MEMO_LIMIT = 200_000;
const memoEn = new Map<string, string>();
const memoRu = new Map<string, string>();
const memoNltk = new Map<string, string>();

function memoized(memo: Map<string, string>, word: string, stem: (w: string) => string): string {
  const hit = memo.get(word);
  if (hit !== undefined) return hit;
  if (memo.size >= MEMO_LIMIT) memo.clear();
  // A word sliced out of a text keeps the whole text alive; as a memo key it would keep every
  // text ever summarized. A copy of its own holds only the word.
  const own = Buffer.from(word, 'utf8').toString('utf8');
  const out = stem(own);
  memo.set(own, out);
  return out;
}

/** Porter stem of a lower-case English word. */
export function stemEnglish(word: string): string {
  return memoized(memoEn, word, porter);
}

/** Snowball stem of a lower-case Russian word (ё folded to е as Snowball expects). */
export function stemRussian(word: string): string {
  return memoized(memoRu, word, (w) => russian.stem(w.replace(/ё/g, 'е')));
}

/** NLTK-compatible Porter stem, for ROUGE parity with rouge_score. */
export function stemEnglishNltk(word: string): string {
  return memoized(memoNltk, word, porterNltk);
}
