import { domainToASCII, domainToUnicode } from 'node:url';

/**
 * The one parse of an email address that a person typed. Whatever is stored, mailed and
 * used as a key comes out of it, so they cannot disagree: an address that does not survive
 * the parse unchanged (apart from surrounding whitespace, the domain's letter case and
 * Unicode normalisation of the domain) is refused rather than repaired. Repairing is how a
 * hole opened: `domainToASCII` silently drops control characters, so
 * "a@gmail.com\r\nx.org" once got a key of its own while its mail went to a@gmail.com.
 *
 * Accepted: a dot-atom local part of printable ASCII (RFC 5322 atext) and a host name of at
 * least two labels, written in ASCII, in Unicode (an internationalised domain) or in
 * punycode. Refused: control characters (C0, DEL, C1), whitespace inside the address,
 * invisible and formatting characters (Unicode categories Cc/Cf/Z*, default-ignorable code
 * points, unassigned and private-use code points), RFC 2047 encoded words ("=?utf-8?q?…?="),
 * quoted local parts, comments, display names ("Name <a@b>"), IP literals, more than one or
 * no ASCII "@" (a fullwidth "＠" is not one), empty labels (leading, trailing or doubled
 * dots), and a Unicode domain that does not come back the same from
 * domainToASCII → domainToUnicode (fullwidth letters, ligatures, "。" and the like, which
 * the conversion would silently rewrite).
 *
 * Non-ASCII local parts (EAI, RFC 6531) are refused on purpose: delivering to them needs
 * SMTPUTF8 at every hop, and our SMTP path (nodemailer through whatever relay is configured)
 * does not guarantee it, so such an address would be accepted and then never reached.
 */
export interface EmailAddress {
  /** local@domain with the domain in ASCII (punycode), lower case: what is stored and mailed. */
  address: string;
  /** The local part exactly as typed (its case is kept: only the receiving server may fold it). */
  local: string;
  /** The domain in ASCII (punycode), lower case: for keys and list look-ups. */
  domain: string;
  /** The domain in Unicode, NFC, lower case: what a reader is shown. */
  shownDomain: string;
  /** local@shownDomain: the address as a reader should see it. */
  shown: string;
}

export type EmailProblem =
  /** A control, invisible, formatting or whitespace character inside the address. */
  | 'hidden_character'
  /** Letters other than ASCII before the "@" (EAI), which our mail path cannot promise to deliver. */
  | 'non_ascii_local'
  /** Anything else: not of the form name@example.com. */
  | 'malformed';

export type EmailParse = ({ ok: true } & EmailAddress) | { ok: false; problem: EmailProblem };

export const EMAIL_MAX_LENGTH = 254;
const LOCAL_MAX_LENGTH = 64;
const DOMAIN_MAX_LENGTH = 253;

// Nothing of these may appear inside an address. \p{C}: controls (C0, DEL, C1), formatting
// (soft hyphen, zero-width space/joiners, bidi marks, BOM, word joiner …), unassigned,
// private use, lone surrogates; \p{Z} and \s: every kind of space and line break; default
// ignorables add the invisible letters and marks (Hangul fillers, variation selectors,
// combining grapheme joiner) that are not in \p{C}.
const HIDDEN = /[\p{C}\p{Z}\s\p{Default_Ignorable_Code_Point}]/u;
const ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]";
const DOT_ATOM = new RegExp(`^${ATEXT}+(?:\\.${ATEXT}+)*$`);
const ENCODED_WORD = /=\?.*\?=/;
// What a domain may be typed with: letters, marks and digits of any script, "-" and ".";
// brackets (IP literals), parentheses (comments), "_", "%" and the rest are not host names.
const DOMAIN_CHARS = /^[\p{L}\p{M}\p{N}.-]+$/u;
const ASCII_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const TOP_LABEL = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

// Spaces and line breaks around the whole input are a paste's leftovers, not part of it. Unicode
// White_Space, not String.prototype.trim, which also strips a BOM (a formatting character).
const trimSpace = (text: string) => text.replace(/^\p{White_Space}+|\p{White_Space}+$/gu, '');

const refuse = (problem: EmailProblem): EmailParse => ({ ok: false, problem });

function parseDomain(typed: string): { ascii: string; unicode: string } | null {
  if (!DOMAIN_CHARS.test(typed) || typed.split('.').some((label) => label === '')) return null;
  const ascii = domainToASCII(typed);
  if (!ascii || ascii.length > DOMAIN_MAX_LENGTH) return null;
  const unicode = domainToUnicode(ascii);
  // The round trip must be stable, and what was typed must be one of its two ends (up to
  // case and NFC): otherwise the conversion changed the name, and we would key one domain
  // and show another.
  if (domainToASCII(unicode) !== ascii) return null;
  const asTyped = typed.normalize('NFC').toLowerCase();
  if (asTyped !== ascii && asTyped !== unicode) return null;
  const labels = ascii.split('.');
  if (labels.length < 2 || !labels.every((l) => ASCII_LABEL.test(l)) || !TOP_LABEL.test(labels[labels.length - 1]!)) return null;
  return { ascii, unicode: unicode.normalize('NFC') };
}

/** Parses what a person typed into an email field (surrounding whitespace is ignored). */
export function parseEmailAddress(raw: string): EmailParse {
  const typed = trimSpace(raw);
  if (HIDDEN.test(typed)) return refuse('hidden_character');
  if (ENCODED_WORD.test(typed)) return refuse('malformed');
  const parts = typed.split('@');
  if (parts.length !== 2) return refuse('malformed');
  const [local, domainTyped] = parts as [string, string];
  if (!local || !domainTyped) return refuse('malformed');
  if (!DOT_ATOM.test(local) || local.length > LOCAL_MAX_LENGTH) {
    // Quotes, parentheses, angle brackets and the like are ASCII; only letters beyond it are EAI.
    // eslint-disable-next-line no-control-regex
    return refuse(/[^\x00-\x7f]/.test(local) && /^[\p{L}\p{M}\p{N}.!#$%&'*+/=?^_`{|}~-]+$/u.test(local) ? 'non_ascii_local' : 'malformed');
  }
  const domain = parseDomain(domainTyped);
  if (!domain) return refuse('malformed');
  const address = `${local}@${domain.ascii}`;
  if (address.length > EMAIL_MAX_LENGTH) return refuse('malformed');
  return { ok: true, address, local, domain: domain.ascii, shownDomain: domain.unicode, shown: `${local}@${domain.unicode}` };
}

/**
 * `text` with every hidden character written as a visible code ("a@b.com[U+000D]"), cut to a
 * readable length: for echoing a refused address back in a message or a log line.
 */
export function visibleEmailText(text: string, max = 80): string {
  const chars = [...trimSpace(text)];
  const cut = chars.length > max ? [...chars.slice(0, max), '…'] : chars;
  return cut
    .map((c) => (HIDDEN.test(c) && c !== ' ' ? `[U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]` : c))
    .join('');
}
