import { domainToASCII } from 'node:url';
import { createRequire } from 'node:module';

// The package ships plain JSON arrays (index.json: exact domains,
// wildcard.json: domains whose every subdomain is disposable) and no types.
const require = createRequire(import.meta.url);
const DISPOSABLE = new Set<string>(require('disposable-email-domains') as string[]);
const DISPOSABLE_WILDCARD = new Set<string>(
  require('disposable-email-domains/wildcard.json') as string[],
);

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

const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

function canonicalDomain(raw: string): string | null {
  // Internationalised domains are compared in their ASCII (punycode) form.
  const ascii = domainToASCII(raw);
  if (!ascii || ascii.length > 253) return null;
  const labels = ascii.split('.');
  if (labels.length < 2 || !labels.every((l) => DOMAIN_LABEL.test(l))) return null;
  const tld = labels[labels.length - 1] ?? '';
  if (!/^(?:[a-z]{2,63}|xn--[a-z0-9-]+)$/.test(tld)) return null;
  return ascii;
}

/**
 * The key that identifies one mailbox, used for "one entry per person";
 * null when `raw` is not a usable address. Only rewrites that the provider
 * itself applies are made, so two different people never share a key.
 */
export function normalizeEmail(raw: string): string | null {
  const trimmed = raw.trim().toLowerCase();
  if (trimmed.length > 254) return null;
  const at = trimmed.lastIndexOf('@');
  if (at <= 0 || at === trimmed.length - 1) return null;
  let local = trimmed.slice(0, at);
  let domain = canonicalDomain(trimmed.slice(at + 1));
  if (!domain || local.length > 64 || !LOCAL_PART.test(local)) return null;

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

/** True for throwaway-mailbox domains (and their subdomains where the list says so). */
export function isDisposable(domain: string): boolean {
  const d = domain.trim().toLowerCase().replace(/\.$/, '');
  if (DISPOSABLE.has(d)) return true;
  const labels = d.split('.');
  for (let i = 0; i < labels.length - 1; i++) {
    const suffix = labels.slice(i).join('.');
    if (DISPOSABLE_WILDCARD.has(suffix)) return true;
  }
  return false;
}

/** Domain part of an address, lower-cased; "" when there is none. */
export function emailDomain(email: string): string {
  const at = email.lastIndexOf('@');
  return at < 0 ? '' : email.slice(at + 1).trim().toLowerCase();
}
