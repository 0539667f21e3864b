import { eng, rus } from 'stopword';
import { stemEnglish, stemRussian } from './stemming';

const STOP_EN = new Set([...eng, 's', 't', 'said', 'says', 'also', 'would', 'could', 'one', 'new', 'year', 'mr', 'mrs']);
const STOP_RU = new Set([...rus, 'это', 'также', 'который', 'которые', 'году', 'года', 'заявил', 'сообщил']);

/** Content terms of a sentence: lower-cased, stop words removed, stemmed for the language. */
export function contentTerms(text: string, lang: string): string[] {
  const lower = text.toLowerCase();
  const out: string[] = [];
  if (lang === 'en') {
    const words = lower.match(/[a-z0-9\u00e0-\u024f]+/g) ?? [];
    for (const w of words) if (!STOP_EN.has(w)) out.push(w.length > 2 ? stemEnglish(w) : w);
  } else if (lang === 'ru') {
    const words = lower.match(/[а-яёa-z0-9]+/g) ?? [];
    for (const w of words) if (!STOP_RU.has(w)) out.push(w.length > 3 ? stemRussian(w) : w);
  } else {
    const words = lower.match(/[\p{L}\p{N}]+/gu) ?? [];
    for (const w of words) out.push(w);
  }
  return out;
}
