import type { Refusal } from '../../errors';
import { createI18n, fillParams, type I18n, type Lang } from '../../i18n/messages';
import { describeRefusal } from '../../web/refusals';
import { apikeysMessages } from './apikeys';
import { articlesMessages } from './articles';
import { auditMessages } from './audit';
import { authorsMessages } from './authors';
import { campaignsMessages } from './campaigns';
import { commonMessages } from './common';
import { editingMessages } from './editing';
import { mailMessages } from './mail';
import { mediaMessages } from './media';
import { previewsMessages } from './previews';
import { redirectsMessages } from './redirects';
import { reviewMessages } from './review';
import { scheduleMessages } from './schedule';
import { usersMessages } from './users';
import { webhooksMessages } from './webhooks';

/** Every area's catalogue, one per file so that each area's texts sit together. */
export const AREAS = [
  commonMessages, articlesMessages, reviewMessages, editingMessages, scheduleMessages, mediaMessages, campaignsMessages,
  usersMessages, authorsMessages, redirectsMessages, auditMessages, webhooksMessages, apikeysMessages, previewsMessages, mailMessages,
] as const;

type Area = (typeof AREAS)[number];
type KeysOf<A> = A extends { en: infer E } ? keyof E : never;
export type AdminKey = KeysOf<Area> & string;
export type AdminParams = Record<string, string | number>;

function merge(lang: Lang): Record<string, string> {
  const out: Record<string, string> = {};
  for (const area of AREAS) {
    for (const [key, text] of Object.entries(area[lang] as Record<string, string>)) {
      // Two areas with one key would silently shadow each other's text.
      if (key in out) throw new Error(`admin message ${key} is defined twice`);
      out[key] = text;
    }
  }
  return out;
}
/** The catalogues, merged: exported for the test that finds English left on Russian pages. */
export const ADMIN_CATALOGUES: Record<Lang, Record<string, string>> = { en: merge('en'), ru: merge('ru') };

/** The admin's words, dates and numbers in one person's language. */
export interface AdminI18n {
  lang: Lang;
  t(key: AdminKey, params?: AdminParams): string;
  /** A text with plural forms (`one|other`, `one|few|many|other`), chosen by `n`, which also fills `{n}`. */
  tn(key: AdminKey, n: number, params?: AdminParams): string;
  /** An instant in the site's time zone, `2026-12-05 14:30`: sortable and the same in both languages. */
  time(iso: string): string;
  /** A day in words: `5 December 2026`, `5 декабря 2026 г.`. */
  date(iso: string): string;
  number(n: number): string;
  /** A refusal worded in this language (the reader-facing catalogue holds every refusal's text). */
  refusal(refusal: Refusal): string;
  /** The reader-facing catalogue in this language, for what the admin shares with the site (rubric names…). */
  site: I18n;
}

const PLURAL_ORDER: Record<Lang, Intl.LDMLPluralRule[]> = { en: ['one', 'other'], ru: ['one', 'few', 'many', 'other'] };

function build(lang: Lang, zone: string): AdminI18n {
  const catalogue = ADMIN_CATALOGUES[lang];
  const plurals = new Intl.PluralRules(lang);
  const numbers = new Intl.NumberFormat(lang);
  const days = new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: zone });
  const times = new Intl.DateTimeFormat('sv-SE', { dateStyle: 'short', timeStyle: 'short', timeZone: zone });
  const site = createI18n(lang, zone);
  const text = (key: string) => catalogue[key] ?? key;
  return {
    lang,
    site,
    t: (key, params) => fillParams(text(key), params),
    tn: (key, n, params) => {
      const forms = text(key).split('|');
      const at = PLURAL_ORDER[lang].indexOf(plurals.select(n));
      const form = forms[Math.min(at < 0 ? forms.length - 1 : at, forms.length - 1)]!;
      return fillParams(form, { n: numbers.format(n), ...params });
    },
    time: (iso) => times.format(new Date(iso)),
    date: (iso) => days.format(new Date(iso)),
    number: (n) => numbers.format(n),
    refusal: (refusal) => describeRefusal(refusal, site),
  };
}

const cache = new Map<string, AdminI18n>();
/** One per language and zone, built once: formatters are costly to make and cheap to share. */
export function adminI18n(lang: Lang, zone: string): AdminI18n {
  const key = `${lang} ${zone}`;
  let made = cache.get(key);
  if (!made) cache.set(key, (made = build(lang, zone)));
  return made;
}
