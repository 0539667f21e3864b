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
  words: number;
  firstPerson: boolean;
  attribution: boolean;
  numbers: boolean;
}

function wordsOf(lower: string, lang: string): string[] {
  if (lang === 'en') return lower.match(/[a-z0-9\u00e0-\u024f]+/g) ?? [];
  if (lang === 'ru') return lower.match(/[а-яёa-z0-9]+/g) ?? [];
  return lower.match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Content terms: lower-cased, stop words removed, stemmed for the language. */
export function analyzeSentence(text: string, lang: string): SentenceTerms {
  const words = wordsOf(text.toLowerCase(), lang);
  const terms: string[] = [];
  let firstPerson = false;
  let attribution = false;
  let numbers = false;
  const stop = lang === 'en' ? STOP_EN : lang === 'ru' ? STOP_RU : null;
  for (const w of words) {
    const c = w.charCodeAt(0);
    if (c >= 48 && c <= 57) numbers = true;
    if (FIRST_PERSON.has(w)) firstPerson = true;
    if (ATTRIBUTION.has(w)) attribution = true;
    if (stop === null) terms.push(w);
    else if (!stop.has(w)) {
      if (lang === 'en') terms.push(w.length > 2 ? stemEnglish(w) : w);
      else terms.push(w.length > 3 ? stemRussian(w) : w);
    }
  }
  return { terms, words: words.length, firstPerson, attribution, numbers };
}

export function contentTerms(text: string, lang: string): string[] {
  return analyzeSentence(text, lang).terms;
}
