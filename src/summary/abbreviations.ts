/**
 * Words that end with a period without ending the sentence. Kept lower-case and
 * without the final period. Two kinds: "always glued" ones introduce what
 * follows (titles, "т.е."), "ambiguous" ones often close a sentence too
 * ("in the U.S. The…", "в 2015 г. В Москве…").
 */
export const ALWAYS_GLUED = new Set([
  // English titles and prepositional abbreviations
  'mr', 'mrs', 'ms', 'mssrs', 'messrs', 'dr', 'prof', 'sen', 'rep', 'gov', 'gen', 'col', 'capt', 'cpt', 'lt', 'sgt',
  'cmdr', 'adm', 'maj', 'brig', 'cpl', 'pvt', 'supt', 'det', 'insp', 'rev', 'hon', 'pres', 'fr', 'sr', 'jr', 'st', 'mt', 'ft',
  'mme', 'mlle', 'vs', 'v', 'e.g', 'i.e', 'cf', 'approx', 'fig', 'figs', 'vol', 'ch', 'sec', 'pp', 'ex', 'gov', 'atty',
  'rt', 'reps', 'sens', 'esq',
  // Russian
  'т.е', 'т.к', 'т.н', 'т.ч', 'им', 'ул', 'пр', 'просп', 'пл', 'пер', 'наб', 'ш', 'д', 'кв', 'корп', 'стр', 'проф', 'акад',
  'доц', 'св', 'см', 'ср', 'напр', 'обл', 'пос', 'дер', 'р', 'оз', 'о', 'гр', 'ген', 'тов', 'г-н', 'г-жа', 'рис', 'табл', 'гл',
  'ст', 'чл.-корр', 'зам', 'рук', 'ред', 'изд', 'англ', 'нем', 'франц', 'лат', 'греч',
]);

export const AMBIGUOUS = new Set([
  'inc', 'ltd', 'co', 'corp', 'llc', 'plc', 'bros', 'dept', 'univ', 'assn', 'etc', 'no', 'nos', 'a.m', 'p.m', 'al',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'mon', 'tue', 'tues', 'wed', 'thu',
  'thur', 'thurs', 'fri', 'sat', 'sun', 'ave', 'blvd', 'rd', 'calif', 'fla', 'mass', 'wash', 'ariz', 'colo', 'conn', 'ill',
  'mich', 'minn', 'penn', 'tenn', 'tex', 'va', 'wis', 'ky', 'la', 'md', 'mo', 'nev', 'okla', 'ore', 'pa',
  'г', 'гг', 'в', 'вв', 'руб', 'коп', 'млн', 'млрд', 'тыс', 'т.д', 'т.п', 'др', 'пр', 'мин', 'сек', 'ч', 'км', 'кг', 'т',
  'янв', 'февр', 'фев', 'апр', 'авг', 'сент', 'сен', 'окт', 'нояб', 'ноя', 'дек', 'долл', 'н.э', 'до н.э',
]);

/**
 * Capitalised words that usually open a new sentence; after an ambiguous
 * abbreviation they tip the decision towards a boundary ("U.S. The" vs "U.S. Senate").
 */
export const SENTENCE_OPENERS = new Set([
  'the', 'a', 'an', 'he', 'she', 'it', 'they', 'we', 'i', 'you', 'his', 'her', 'its', 'their', 'our', 'this', 'that',
  'these', 'those', 'there', 'but', 'and', 'or', 'so', 'yet', 'in', 'on', 'at', 'for', 'as', 'if', 'when', 'while',
  'after', 'before', 'since', 'however', 'meanwhile', 'also', 'some', 'many', 'most', 'all', 'one', 'two', 'what', 'who',
  'why', 'how', 'where', 'last', 'now', 'then', 'both', 'each', 'no', 'not', 'such', 'other', 'officials', 'police',
  'в', 'во', 'на', 'по', 'с', 'со', 'к', 'о', 'об', 'от', 'до', 'за', 'из', 'у', 'и', 'а', 'но', 'он', 'она', 'оно',
  'они', 'мы', 'я', 'вы', 'это', 'этот', 'эта', 'эти', 'тот', 'как', 'когда', 'если', 'при', 'после', 'также', 'кроме',
  'однако', 'по', 'сейчас', 'ранее', 'тогда', 'там', 'все', 'всего', 'так', 'что', 'где', 'для',
]);
