import type { I18n, Lang } from '../i18n/messages';
import type { Prize } from './campaign-schema';
import type { EntryError, MessageParams } from './entry-validate';

/** A ballot error as the form shows it, in the site's language. */
export function entryErrorText(error: EntryError, i18n: I18n): string {
  return i18n.t(error.key, error.params && localNumbers(error.params, i18n));
}

// "12.5" is written "12,5" in Russian; whole numbers stay ungrouped (years, ages) in every language.
function localNumbers(params: MessageParams, i18n: I18n): MessageParams {
  if (i18n.lang === 'en') return params;
  const out: MessageParams = {};
  for (const [name, value] of Object.entries(params)) {
    out[name] = typeof value === 'number' && !Number.isInteger(value) ? String(value).replace('.', ',') : value;
  }
  return out;
}

const hourWords: Record<Lang, Record<string, string>> = {
  en: { one: 'hour', other: 'hours' },
  ru: { one: 'час', few: 'часа', many: 'часов', other: 'часа' },
};
const plurals = { en: new Intl.PluralRules('en'), ru: new Intl.PluralRules('ru') };

/** "48 hours", "1 hour"; "48 часов", "24 часа", "1 час": a campaign's confirmation window in words. */
export function hoursText(hours: number, lang: Lang): string {
  const words = hourWords[lang];
  return `${hours} ${words[plurals[lang].select(hours)] ?? words.other}`;
}

const money = new Map<string, Intl.NumberFormat>();

/**
 * A prize's value as the page shows it: a number in its ISO 4217 currency, formatted for the
 * reader's language ("RUB 480,000.00" is not how anyone writes it: no decimals for whole
 * amounts), or a text exactly as the campaign wrote it ("480 000 ₽").
 */
export function prizeValueText(prize: Pick<Prize, 'value' | 'currency'>, lang: Lang): string {
  if (typeof prize.value === 'string') return prize.value;
  const key = `${lang}|${prize.currency}|${Number.isInteger(prize.value)}`;
  let format = money.get(key);
  if (!format) {
    format = new Intl.NumberFormat(lang === 'ru' ? 'ru-RU' : 'en-GB', {
      style: 'currency',
      currency: prize.currency,
      ...(Number.isInteger(prize.value) ? { minimumFractionDigits: 0, maximumFractionDigits: 0 } : {}),
    });
    money.set(key, format);
  }
  return format.format(prize.value);
}
