/**
 * Script-and-function-word language guess, limited to what the summarizer
 * supports. A trigram model (franc) would recognise more languages, but we only
 * need "en", "ru" or "don't know", and this runs in microseconds on a prefix.
 */
const SAMPLE = 4000;
const MARKUP_SCAN = 100_000;
const TAG = /<\/?[A-Za-z][^<>]{0,200}>/g;
const EN_FUNCTION_WORDS = new Set([
  'the', 'of', 'and', 'to', 'a', 'in', 'is', 'that', 'for', 'it', 'was', 'on', 'with', 'he', 'as', 'at', 'by', 'his',
  'are', 'be', 'from', 'has', 'have', 'said', 'this', 'were', 'they', 'an', 'not', 'but', 'had', 'she', 'her', 'who',
  'their', 'will', 'been', 'which', 'or', 'its', 'after', 'we', 'i', 'you',
]);
const RU_FUNCTION_WORDS = new Set([
  'и', 'в', 'не', 'на', 'что', 'с', 'по', 'к', 'как', 'из', 'за', 'от', 'о', 'это', 'он', 'она', 'они', 'для', 'до',
  'так', 'но', 'же', 'бы', 'было', 'был', 'была', 'уже', 'также', 'при', 'его', 'ее', 'её', 'их', 'который', 'которые',
  'году', 'года', 'сообщает', 'заявил', 'после', 'или', 'если', 'этом', 'того', 'только', 'все', 'ещё', 'еще',
]);

export function detectLanguage(text: string): string {
  if (typeof text !== 'string') return 'und';
  let head = text.slice(0, SAMPLE);
  // Pasted markup is not language: look past the tags (a bounded prefix, so this stays cheap).
  if (head.includes('<')) head = text.slice(0, MARKUP_SCAN).replace(TAG, ' ').replace(/\s{2,}/g, ' ').slice(0, SAMPLE);
  const sample = head.toLowerCase();
  const words = sample.match(/[a-z]+|[а-яё]+|[\p{L}]+/gu) ?? [];
  let latin = 0;
  let cyrillic = 0;
  let en = 0;
  let ru = 0;
  for (const w of words) {
    if (/^[a-z]+$/.test(w)) {
      latin++;
      if (EN_FUNCTION_WORDS.has(w)) en++;
    } else if (/^[а-яё]+$/.test(w)) {
      cyrillic++;
      if (RU_FUNCTION_WORDS.has(w)) ru++;
    }
  }
  const total = words.length;
  if (total < 3) return 'und';
  if (cyrillic >= latin && cyrillic / total >= 0.5) {
    // Ukrainian and Belarusian letters mark a different Cyrillic language.
    if (/[іїєґў]/.test(sample) && (sample.match(/[іїєґў]/g)?.length ?? 0) > cyrillic * 0.05) return 'und';
    return ru / cyrillic >= 0.08 || (cyrillic < 12 && ru > 0) || /[ыэ]/.test(sample) ? 'ru' : 'und';
  }
  if (latin / total >= 0.5) {
    return en / latin >= 0.1 || (latin < 12 && en > 0) ? 'en' : 'und';
  }
  return 'und';
}
