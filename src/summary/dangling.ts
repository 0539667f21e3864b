/**
 * Sentences that cannot stand alone: they open with a word that points back to the sentence
 * before ("It resulted in…", "However, …", «Однако…», «При этом…»). Read as a key point without
 * that sentence they are nonsense, so the selection takes the antecedent along or skips them.
 * Works on lower-cased, tokenized text as well as on text as published.
 */
const EN = new Set([
  'he', 'she', 'it', 'they', 'him', 'her', 'his', 'hers', 'its', 'them', 'their', 'theirs',
  'this', 'these', 'that', 'those', 'such', 'there', 'here',
  'however', 'but', 'also', 'meanwhile', 'and', 'or', 'so', 'yet', 'still', 'moreover', 'furthermore',
  'nevertheless', 'nonetheless', 'instead', 'then', 'thus', 'therefore', 'hence', 'besides', 'otherwise',
  'indeed', 'additionally', 'likewise', 'similarly', 'consequently', 'accordingly', 'later', 'afterwards',
  'another', 'others', 'the former', 'the latter', 'the same', 'in addition', 'as a result', 'on the other hand',
  'at the same time', 'even so', 'after that', 'for example', 'for instance', 'in fact', 'in turn',
]);

const RU = new Set([
  'он', 'она', 'оно', 'они', 'его', 'её', 'ее', 'их', 'ему', 'ей', 'им', 'ним', 'ней', 'нему', 'них', 'него',
  'это', 'этот', 'эта', 'эти', 'этого', 'этой', 'этом', 'этим', 'этих', 'тот', 'та', 'те', 'того', 'тому', 'там', 'тогда', 'здесь', 'такой', 'такая', 'такие',
  'однако', 'но', 'также', 'тоже', 'поэтому', 'впрочем', 'зато', 'а', 'и', 'ведь', 'причем', 'причём', 'притом', 'кроме', 'затем', 'потом', 'следовательно',
  'при этом', 'кроме того', 'тем не менее', 'в то же время', 'в свою очередь', 'помимо этого', 'к тому же', 'между тем', 'в итоге', 'в результате', 'вместе с тем', 'после этого',
]);

// The first words after opening punctuation, quotes and dashes (tokenized text has "`` " and "-- ").
const HEAD = /^[\s"'“‘«„`([—–-]*([\p{L}\p{N}'’]+)(?:[\s,]+([\p{L}\p{N}'’]+))?(?:\s+([\p{L}\p{N}'’]+))?(?:\s+([\p{L}\p{N}'’]+))?/u;
const FIRST_EN = new Set([...EN].map((e) => e.split(' ')[0]));
const FIRST_RU = new Set([...RU].map((e) => e.split(' ')[0]));

/** True when the sentence opens with a word or phrase that needs the sentence before it. */
export function opensDangling(text: string, lang: string): boolean {
  const list = lang === 'ru' ? RU : lang === 'en' ? EN : null;
  if (list === null) return false;
  const m = HEAD.exec(text.length > 80 ? text.slice(0, 80) : text);
  if (!m) return false;
  const first = (m[1] as string).toLowerCase();
  // Most sentences are decided by their first word alone.
  if (!(lang === 'ru' ? FIRST_RU : FIRST_EN).has(first)) return false;
  const words = [first, ...m.slice(2).filter((w): w is string => w !== undefined).map((w) => w.toLowerCase())];
  for (let n = words.length; n >= 1; n--) if (list.has(words.slice(0, n).join(' '))) return true;
  return false;
}
