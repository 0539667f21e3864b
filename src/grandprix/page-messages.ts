import type { I18n } from '../i18n/messages';
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
