import { domainToASCII } from 'node:url';
import { createRequire } from 'node:module';
import { parseEmailAddress, type EmailAddress } from '../mail/email-address';

// The package ships plain JSON arrays (index.json: exact domains,
// wildcard.json: domains whose every subdomain is disposable) and no types.
const require = createRequire(import.meta.url);
// A few entries are written in Unicode ("instágram.com"): both sets also hold their ASCII
// form, because the check is made on the parsed ASCII domain, the same one the key uses.
function domainSet(list: string[]): Set<string> {
  const set = new Set<string>();
  for (const entry of list) {
    const d = entry.trim().toLowerCase();
    set.add(d);
    // eslint-disable-next-line no-control-regex
    if (/[^\x00-\x7f]/.test(d)) {
      const ascii = domainToASCII(d);
      if (ascii) set.add(ascii);
    }
  }
  return set;
}
const DISPOSABLE = domainSet(require('disposable-email-domains') as string[]);
const DISPOSABLE_WILDCARD = domainSet(require('disposable-email-domains/wildcard.json') as string[]);

// Providers that deliver local+anything to local. Yahoo's "base-keyword"
// addresses use "-", which is also an ordinary character in Yahoo names, so
// Yahoo is deliberately absent: stripping would merge different people.
const PLUS_TAG_DOMAINS = new Set([
  'gmail.com',
  'outlook.com', 'hotmail.com', 'live.com', 'msn.com',
  'outlook.de', 'outlook.fr', 'hotmail.co.uk', 'hotmail.fr', 'hotmail.de', 'hotmail.it', 'live.ru', 'live.co.uk',
  'icloud.com', 'me.com', 'mac.com',
  'fastmail.com', 'fastmail.fm',
  'proton.me', 'protonmail.com', 'protonmail.ch', 'pm.me',
  'yandex.ru',
]);

// Every Yandex mailbox answers on all of these domains (Yandex documents them
// as aliases of one account), so they are folded to yandex.ru.
const YANDEX_ALIASES = new Set(['yandex.ru', 'yandex.com', 'ya.ru', 'yandex.by', 'yandex.kz', 'yandex.ua', 'narod.ru']);

/**
 * The key that identifies one mailbox, used for "one entry per person", from an address
 * that parseEmailAddress accepted; null when nothing is left of it (a Gmail "+tag" alone).
 * Only rewrites that the provider itself applies are made, so two different people never
 * share a key.
 */
export function emailKey(parsed: EmailAddress): string | null {
  let local = parsed.local.toLowerCase();
  let domain = parsed.domain;

  if (domain === 'googlemail.com') domain = 'gmail.com';
  if (YANDEX_ALIASES.has(domain)) domain = 'yandex.ru';

  if (PLUS_TAG_DOMAINS.has(domain)) {
    const plus = local.indexOf('+');
    if (plus === 0) return null;
    if (plus > 0) local = local.slice(0, plus);
  }
  // Gmail ignores dots in the user name; Yandex treats "." and "-" in a login
  // as the same character.
  if (domain === 'gmail.com') local = local.replaceAll('.', '');
  if (domain === 'yandex.ru') local = local.replaceAll('.', '-');
  if (!local) return null;
  return `${local}@${domain}`;
}

/** emailKey of what a person typed; null when it is not an address parseEmailAddress accepts. */
export function normalizeEmail(raw: string): string | null {
  const parsed = parseEmailAddress(raw);
  return parsed.ok ? emailKey(parsed) : null;
}

/**
 * True for throwaway-mailbox domains (and their subdomains where the list says so). Give it
 * the ASCII domain of a parsed address (EmailAddress.domain), the one its key is made from:
 * it does no parsing of its own, so nothing typed around the domain can hide it.
 */
export function isDisposable(domain: string): boolean {
  const d = domain.toLowerCase();
  if (DISPOSABLE.has(d)) return true;
  const labels = d.split('.');
  for (let i = 0; i < labels.length - 1; i++) {
    const suffix = labels.slice(i).join('.');
    if (DISPOSABLE_WILDCARD.has(suffix)) return true;
  }
  return false;
}
