/**
 * News wire furniture that opens an article: datelines, agency tags and
 * bylines. They are never key points, so the summarizer skips them inside a
 * sentence (returning how many characters to skip) or drops the sentence.
 */
const AGENCIES = String.raw`CNN|Reuters|AP|AFP|UPI|Bloomberg|EW\.com|CNN Student News|Mashable|PRNewswire|Xinhua|RTTNews|Interfax|Интерфакс|РИА Новости|РИА "Новости"|ТАСС|ИТАР-ТАСС|Прайм|RNS|Росбалт|Regnum|ПРАЙМ|Известия|РБК`;
const DASH = String.raw`(?:--|—|–|-)`;

const PREFIXES: RegExp[] = [
  // "(CNN) -- ", "LONDON, England (CNN) -- ", "WASHINGTON (Reuters) - "
  new RegExp(String.raw`^(?:[\p{Lu}][\p{L}.'’ -]{0,40}(?:,\s*[\p{L}.' ]{1,30})?\s*)?\((?:${AGENCIES})\)\s*${DASH}?\s*`, 'iu'),
  // «Москва, 1 дек - РИА Новости.», "москва, 31 янв — риа новости. "
  new RegExp(String.raw`^[\p{L} .-]{2,40},\s*\d{1,2}\s+\p{L}{3,9}\.?(?:\s+\d{4})?\s*${DASH}\s*(?:${AGENCIES})\.?\s*`, 'iu'),
  // "MOSCOW, Dec 1 - ", "MUMBAI, India – ", "MALIBU, CALIF. — ": an upper-case place then a dash
  new RegExp(String.raw`^\p{Lu}[\p{Lu} .'’-]{1,30}(?:,\s*[\p{L}. ]{1,25}?\d{0,4})?\s+${DASH}\s+(?=[\p{Lu}\d"'“«])`, 'u'),
  // a dash or bullet left over from a dateline split off as its own sentence
  /^(?:--|—|–|-|•|\*)\s+/,
  // "By Gary Graves, USA TODAY ", "By DEXTER FORDMAY 9, 2014 "
  /^By\s+(?:[A-Z][\w.'’-]*\s+){1,3}(?:and\s+(?:[A-Z][\w.'’-]*\s+){1,3})?[A-Z][\w.'’-]*,\s+(?:[A-Z]{2,}\s+){0,3}[A-Z]{2,}\s+/,
  /^(?:Updated|Published|Last updated)(?: at)?:?\s+\w{3,9}\.? \d{1,2},? \d{4},? \d{1,2}:\d{2}(?:\s*[AP]M)?(?:\s*[A-Z]{2,4})?\s+/i,
];

// Whole sentences that are furniture, wherever they sit.
const NOISE = new RegExp(
  [
    String.raw`^By\s*\.?$`,
    String.raw`^By\s+[\p{L}.'’ -]{1,40}\s\.$`,
    String.raw`^[\p{L}.'’ -]{1,40}\s(?:Reporter|Correspondent|Editor)\s*\.?$`,
    String.raw`^(?:PUBLISHED|UPDATED|Last updated|Published|Updated)\b[^]{0,60}$`,
    String.raw`^(?:Scroll down|Click here|CLICK HERE|READ MORE|Read more|Follow\s+@|Sources?:|Image copyright|Image caption|Media playback|Related:|Video:|Watch:|Share this)`,
    String.raw`^\(?(?:Reporting|Additional reporting|Editing|Writing) by\b`,
    String.raw`^[\p{L} .-]{2,40},\s*\d{1,2}\s+\p{L}{3,9}\.?\s*${DASH}\s*(?:${AGENCIES})\.?$`,
  ].join('|'),
  'iu',
);

// An all-capitals byline line ("By DEXTER FORD MAY 9, 2014 MALIBU, CALIF."): case matters here.
const CAPS_BYLINE = /^By\s+[\p{Lu}\d ,.'’-]{3,80}$/u;

/** Characters of furniture at the start of `sentence` (0 when none); -1 when it is all furniture. */
export function leadingNoise(sentence: string): number {
  if (NOISE.test(sentence) || CAPS_BYLINE.test(sentence)) return -1;
  let skip = 0;
  for (let pass = 0; pass < 3; pass++) {
    const rest = sentence.slice(skip);
    let matched = false;
    for (const re of PREFIXES) {
      const m = re.exec(rest);
      if (m && m[0].length > 0 && m[0].length < rest.length) {
        skip += m[0].length;
        matched = true;
        break;
      }
    }
    if (!matched) break;
  }
  const rest = sentence.slice(skip);
  if (!/[\p{L}\p{N}]/u.test(rest)) return -1;
  return skip;
}
