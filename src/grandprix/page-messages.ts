import type { I18n, MessageKey } from '../i18n/messages';
import { campaignStatus, deadlineLocale, formatDeadline } from './deadline';
import { CONFIRMATION_HOURS } from './entry-service';
import type { EntryError, MessageParams } from './entry-validate';

/*
 * Grand Prix errors in the site's language, for pages only: the errors themselves keep their
 * code, English message (what the JSON API sends) and parameters, and are put into words here,
 * when the page is rendered. With SITE_LANG=en the catalogue gives back the English messages.
 */

// Errors made without a catalogue key (the entry service's own checks), known by field and code.
const KEYS_BY_FIELD_AND_CODE = new Map<string, MessageKey>([
  ['adult:required', 'entry.adult-required'],
  ['consent:required', 'entry.consent-required'],
  ['email:already_confirmed', 'entry.already-confirmed'],
]);

/** A ballot error as the form shows it; the English message when the catalogue does not know it. */
export function entryErrorText(error: EntryError, i18n: I18n): string {
  const key = error.key ?? KEYS_BY_FIELD_AND_CODE.get(`${error.field}:${error.code}`);
  if (!key) return error.message;
  return i18n.t(key, error.params && localNumbers(error.params, i18n));
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

/** Why a vote that is not open refuses entries, naming the deadline in the campaign's zone; null while open. */
export function submissionRefusalText(
  campaign: { opensAt: Date; closesAt: Date; timezone: string },
  now: Date,
  i18n: I18n,
): { key: MessageKey; params: MessageParams } | null {
  const status = campaignStatus(campaign, now);
  if (status === 'open') return null;
  const locale = deadlineLocale(i18n.lang);
  return status === 'upcoming'
    ? { key: 'gp.refusal-upcoming', params: { deadline: formatDeadline(campaign.opensAt, campaign.timezone, locale) } }
    : { key: 'gp.refusal-closed', params: { deadline: formatDeadline(campaign.closesAt, campaign.timezone, locale) } };
}

const TOKEN_KEYS = new Map<string, MessageKey>([
  ['invalid_token', 'confirm.token-invalid'],
  ['unknown_token', 'confirm.token-unknown'],
  ['token_used', 'confirm.token-used'],
  ['token_expired', 'confirm.token-expired'],
]);

/** A confirmation-link error by its code, as the confirmation page says it; null for other codes. */
export function confirmationErrorText(code: string, i18n: I18n): string | null {
  const key = TOKEN_KEYS.get(code);
  return key ? i18n.t(key, { hours: CONFIRMATION_HOURS }) : null;
}
