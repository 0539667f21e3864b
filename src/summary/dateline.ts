/**
 * News wire furniture that opens an article: datelines, agency tags and
 * bylines. They are never key points, so the summarizer skips them inside a
 * sentence (returning how many characters to skip) or drops the sentence.
 */
const AGENCIES = String.raw`CNN|Reuters|AP|AFP|UPI|Bloomberg|EW\.com|CNN Student News|Mashable|PRNewswire|Xinhua|RTTNews|Interfax|Интерфакс|РИА Новости|РИА "Новости"|ТАСС|ИТАР-ТАСС|Прайм|RNS|Росбалт|Regnum|ПРАЙМ|Известия|РБК`;
const DASH = String.raw`(?:--|—|–|-)`;

const PREFIXES: RegExp[] = [
  // "(CNN) -- ", "LONDON, England (CNN) -- ", "WASHINGTON (Reuters) - ", and tokenized "washington ( cnn ) -- "
  new RegExp(String.raw`^(?:[\p{L}][\p{L}.'’ -]{0,40}(?:,\s*[\p{L}.' ]{1,30})?\s*)?\(\s*(?:${AGENCIES})\s*\)\s*${DASH}?\s*`, 'iu'),
  // any source in brackets before a dash, opening the article: "(AOL Autos) -- ", "( oprah.com ) -- "
  new RegExp(String.raw`^\(\s*[\p{L}\p{N}.'’ &-]{2,40}\s*\)\s*(?:--|—|–)\s*`, 'iu'),
  // «Москва, 1 дек - РИА Новости.», "москва, 31 янв — риа новости. "
  new RegExp(String.raw`^[\p{L} .-]{2,40},\s*\d{1,2}\s+\p{L}{3,9}\.?(?:\s+\d{4})?\s*${DASH}\s*(?:${AGENCIES})\.?\s*`, 'iu'),
  // "MOSCOW, Dec 1 - ", "MUMBAI, India – ", "MALIBU, CALIF. — ": an upper-case place then a dash
  new RegExp(String.raw`^\p{Lu}[\p{Lu} .'’-]{1,30}(?:,\s*[\p{L}. ]{1,25}?\d{0,4})?\s+${DASH}\s+(?=[\p{Lu}\d"'“«])`, 'u'),
  // "(The Hollywood Reporter)Stan Freberg …": a source in brackets glued to the first word
  /^\((?:The )?[\p{Lu}][\p{L}.'’ ]{1,40}\)(?=[\p{Lu}"“'])/u,
  // a dash or bullet left over from a dateline split off as its own sentence
  /^(?:--|—|–|-|•|\*)\s+/,
  // "By Gary Graves, USA TODAY ", "By DEXTER FORDMAY 9, 2014 "
  /^By\s+(?:[A-Z][\w.'’-]*\s+){1,3}(?:and\s+(?:[A-Z][\w.'’-]*\s+){1,3})?[A-Z][\w.'’-]*,\s+(?:[A-Z]{2,}\s+){0,3}[A-Z]{2,}\s+/,
  /^(?:Updated|Published|Last updated)(?: at)?:?\s+\w{3,9}\.? \d{1,2},? \d{4},? \d{1,2}:\d{2}(?:\s*[AP]M)?(?:\s*[A-Z]{2,4})?\s+/i,
  // "Tuesday, August 25, 2015, 12:41 AM ", "Friday, May 5th 2000, 2:12AM ": a page's time stamp
  /^(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,\s+\p{L}{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4},?\s+\d{1,2}:\d{2}\s*(?:[AP]M)?(?:\s*[A-Z]{2,4}\b)?\s+/iu,
  // "(Instagram) A young woman …", "(9NEWS) 9NEWS reporter …": a photo credit before the story
  /^\((?:Photo:?\s*|Image:?\s*|Picture:?\s*)?[\p{L}\p{N}][\p{L}\p{N}.&'’ -]{1,28}\)\s+(?=\p{Lu}|\p{N})/u,
];

// Whole sentences that are furniture, wherever they sit.
const NOISE = new RegExp(
  [
    String.raw`^By\s*\.?$`,
    String.raw`^By\s+[\p{L}.'’ -]{1,40}\s\.$`,
    String.raw`^[\p{L}.'’ -]{1,40}\s(?:Reporter|Correspondent|Editor)\s*\.?$`,
    String.raw`^(?:PUBLISHED|UPDATED|Last updated|Published|Updated)\b[^]{0,60}$`,
    String.raw`^(?:Scroll down|Click here|CLICK HERE|READ MORE|Read more|Follow\s+@|Sources?:|Image copyright|Image caption|Media playback|Related:|Video:|Watch:|Share this)`,
    // "Madlen Davies for MailOnline .", "By . Sarah Griffiths for MailOnline": a byline line
    String.raw`^(?:By\s*\.?\s*)?[\p{L}.'’ -]{1,40}\s+for\s+(?:MailOnline|Mail Online|the Daily Mail|Daily Mail Australia|The Mail on Sunday)\s*\.?$`,
    // "Editor's note: …" (tokenized "editor 's note :") introduces the article, it is not of it
    String.raw`^editor\s*['’]\s*s\s+note\s*:`,
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

// Words that may stand before a capitalised "A"/"The" inside an ordinary sentence ("in The Times", "Serie A").
const GLUE_BEFORE_OK = new Set([
  'of', 'in', 'on', 'at', 'to', 'for', 'from', 'by', 'with', 'and', 'or', 'the', 'a', 'an', 'as', 'is', 'was', 'into', 'serie', 'plan', 'grade', 'type', 'vitamin', 'category', 'group', 'class', 'league', 'division', 'formula', 'section', 'block', 'wing', 'level', 'part',
  // titles: "a film called The hunt for …", "the album The wall"
  'called', 'named', 'titled', 'entitled', 'dubbed', 'film', 'movie', 'book', 'novel', 'song', 'album', 'show', 'series', 'play', 'musical', 'programme', 'program', 'magazine', 'newspaper', 'band', 'game',
]);
const GLUE_AFTER_NOT = new Set(['on', 'in', 'at', 'of', 'and', 'or', 'to', 'for', 'is', 'was', 'will', 'has', 'the', 'a']);
// A lower-case word after the article: "… peak A climber has …", not "… comedy Meet The Fockers …".
const CAPTION_GLUE = /[\p{Ll}\d)'’] (A|An|The) (\p{Ll}[\p{L}'’-]*)/gu;

/**
 * An image caption that the page glued onto the first sentence without a full stop
 * ("… descending from its peak A climber has set his sights on …", common in Daily Mail
 * copy). Returns where the story sentence starts, or 0 when there is no such caption.
 * Only for the opening sentence of an article: elsewhere a capital "The" is a title.
 */
export function captionGlue(sentence: string): number {
  const label = CAPTION_LABEL.exec(sentence);
  const skip = label && !SPEECH.test(label[0]) ? label[0].length : 0;
  return skip + glueAt(sentence.slice(skip));
}

// "Shooter: Terry Martin, 48, …", "Sleepy kid: …": a caption's label, not "He said: …".
const CAPTION_LABEL = /^\p{Lu}[\p{Ll}'’-]*(?: [\p{Ll}'’-]+){0,3}: (?=\S)/u;
const SPEECH = /\b(?:said|says|told|added|asked|wrote|explained|confirmed|declared|insisted|warned|tweeted)\b/i;

function glueAt(sentence: string): number {
  CAPTION_GLUE.lastIndex = 0;
  for (let m = CAPTION_GLUE.exec(sentence); m !== null; m = CAPTION_GLUE.exec(sentence)) {
    const at = m.index + 2;
    const before = /([\p{L}\d'’-]+)\)?$/u.exec(sentence.slice(Math.max(0, m.index - 40), m.index + 1));
    if (before && GLUE_BEFORE_OK.has((before[1] as string).toLowerCase())) continue;
    if (GLUE_AFTER_NOT.has((m[2] as string).toLowerCase())) continue;
    const captionWords = sentence.slice(0, at).split(/\s+/).filter(Boolean).length;
    const storyWords = sentence.slice(at).split(/\s+/).filter(Boolean).length;
    if (captionWords >= 5 && storyWords >= 8) return at;
  }
  return 0;
}
