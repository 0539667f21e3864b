import type { MessageKey } from '../i18n/messages';
import type { Campaign, Question } from './campaign-schema';
import { parseEmailAddress, visibleEmailText, type EmailProblem } from '../mail/email-address';
import { emailKey as emailKeyOf, isDisposable } from './email-normalize';

/** What a ballot form posts; values may be raw form strings or arrays. */
export interface EntryInput {
  name?: unknown;
  email?: unknown;
  adult?: unknown;
  consent?: unknown;
  ballot?: Record<string, unknown>;
  answers?: Record<string, unknown>;
}

/** single → option id, multi → option ids (campaign order), text → string, rating/number → number. */
export type AnswerValue = string | string[] | number;

export interface NormalizedEntry {
  name: string;
  /** The parsed address (local part as typed, domain in lower-case ASCII/punycode): stored, and where mail is sent. */
  email: string;
  /** The same address with its domain in Unicode (NFC): what the reader is shown. */
  emailShown: string;
  /** emailKey of the same parse: the key for "one entry per person". */
  emailKey: string;
  adult: boolean;
  consent: boolean;
  /** categoryId → nomineeId, only the categories voted in. */
  ballot: Record<string, string>;
  /** questionId → answer, only the questions answered. */
  answers: Record<string, AnswerValue>;
}

export interface EntryError {
  /** `name`, `email`, `adult`, `consent`, `ballot`, `ballot.<categoryId>`, `answers.<questionId>` */
  field: string;
  code: string;
  /** What to say, from the catalogue: pages word it in the site's language, JSON in English. */
  key: MessageKey;
  params?: MessageParams;
}

export type MessageParams = Record<string, string | number>;

export type EntryValidation = { ok: true; value: NormalizedEntry } | { ok: false; errors: EntryError[] };

export const NAME_MAX_LENGTH = 100;

const EMAIL_PROBLEM_KEYS: Record<EmailProblem, MessageKey> = {
  hidden_character: 'entry.email-hidden',
  non_ascii_local: 'entry.email-non-latin',
  malformed: 'entry.email-invalid',
};

const TRUE_STRINGS = new Set(['on', 'true', '1', 'yes']);
const FALSE_STRINGS = new Set(['', 'off', 'false', '0', 'no']);

// Checkboxes post "on" when ticked and nothing when not.
function readBoolean(value: unknown): boolean | null {
  if (value === undefined || value === null || value === false) return false;
  if (value === true) return true;
  if (typeof value === 'string') {
    const s = value.trim().toLowerCase();
    if (TRUE_STRINGS.has(s)) return true;
    if (FALSE_STRINGS.has(s)) return false;
  }
  return null;
}

function isBlank(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.every(isBlank);
  return false;
}

/** Form values arrive as a string, or an array when a name repeats. */
function asStrings(value: unknown): string[] | null {
  const list = Array.isArray(value) ? value : [value];
  const out: string[] = [];
  for (const v of list) {
    if (typeof v !== 'string') return null;
    const s = v.trim();
    if (s) out.push(s);
  }
  return out;
}

function readNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  const strings = asStrings(value);
  if (!strings || strings.length !== 1) return null;
  // A decimal comma is what many readers type; exponents and hex are not.
  const s = strings[0]!.replace(/\s/g, '').replace(',', '.');
  return /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/.test(s) ? Number(s) : null;
}

const CONTROL_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f]/; // eslint-disable-line no-control-regex

type AnswerCheck = { value: AnswerValue } | { code: string; key: MessageKey; params: MessageParams };

function checkAnswer(q: Question, raw: unknown): AnswerCheck {
  switch (q.type) {
    case 'single':
    case 'multi': {
      const chosen = asStrings(raw);
      if (!chosen) return { code: 'invalid', key: 'entry.answer-choose', params: { question: q.text } };
      const offered = new Set(q.options.map((o) => o.id));
      const unknown = chosen.find((id) => !offered.has(id));
      if (unknown !== undefined) {
        return {
          code: 'not_offered',
          key: 'entry.answer-not-offered',
          params: { answer: unknown, question: q.text },
        };
      }
      if (q.type === 'single') {
        if (new Set(chosen).size > 1) {
          return { code: 'too_many', key: 'entry.answer-one-only', params: { question: q.text } };
        }
        return { value: chosen[0]! };
      }
      const set = new Set(chosen);
      return { value: q.options.map((o) => o.id).filter((id) => set.has(id)) };
    }
    case 'text': {
      if (typeof raw !== 'string') return { code: 'invalid', key: 'entry.answer-not-text', params: { question: q.text } };
      const value = raw.replace(/\r\n?/g, '\n').trim();
      const length = [...value].length;
      if (length > q.max_length) {
        return {
          code: 'too_long',
          key: 'entry.answer-too-long',
          params: { question: q.text, length, max: q.max_length },
        };
      }
      return { value };
    }
    case 'rating': {
      const n = readNumber(raw);
      if (n === null || !Number.isInteger(n) || n < 1 || n > 10) {
        return { code: 'out_of_range', key: 'entry.rating-range', params: { question: q.text } };
      }
      return { value: n };
    }
    case 'number': {
      const n = readNumber(raw);
      const unit = q.unit ? ` ${q.unit}` : '';
      if (n === null) {
        return { code: 'not_a_number', key: 'entry.number-not-number', params: { question: q.text, min: q.min } };
      }
      if (q.integer && !Number.isInteger(n)) {
        return { code: 'not_integer', key: 'entry.number-not-integer', params: { question: q.text } };
      }
      if (n < q.min || n > q.max) {
        return {
          code: 'out_of_range',
          key: 'entry.number-range',
          params: { value: n, unit, question: q.text, min: q.min, max: q.max },
        };
      }
      return { value: n };
    }
  }
}

/**
 * Checks a submitted ballot against the campaign and returns it normalised.
 *
 * Ballot rule: at least one category must be voted in, and every vote given
 * must be valid; categories may be skipped, because a reader who has no
 * opinion on, say, premium cars should not be pushed into a random pick that
 * would distort that category's result.
 *
 * Adult and consent are not needed to vote — they decide draw eligibility
 * (see isCompleteForDraw) — but a value that is neither yes nor no is refused.
 */
export function validateEntry(campaign: Campaign, input: EntryInput): EntryValidation {
  const errors: EntryError[] = [];
  const fail = (field: string, code: string, key: MessageKey, params?: MessageParams) => errors.push({ field, code, key, ...(params ? { params } : {}) });

  // Name
  let name = '';
  if (typeof input.name !== 'string' || input.name.trim() === '') {
    fail('name', 'required', 'entry.name-required');
  } else if (CONTROL_CHARS.test(input.name)) {
    fail('name', 'invalid', 'entry.name-invalid');
  } else {
    name = input.name.trim().replace(/\s+/g, ' ');
    const length = [...name].length;
    if (length > NAME_MAX_LENGTH) {
      fail('name', 'too_long', 'entry.name-too-long', { length, max: NAME_MAX_LENGTH });
    }
  }

  // Email: one parse gives the address that is stored, mailed and keyed, and the domain the
  // disposable check looks at; an address that does not survive it unchanged is refused.
  let email = '';
  let emailShown = '';
  let emailKey = '';
  if (typeof input.email !== 'string' || input.email.trim() === '') {
    fail('email', 'required', 'entry.email-required');
  } else {
    const parsed = parseEmailAddress(input.email);
    const key = parsed.ok ? emailKeyOf(parsed) : null;
    const shown = visibleEmailText(input.email);
    if (!parsed.ok || key === null) {
      const problem = parsed.ok ? 'malformed' : parsed.problem;
      fail('email', 'invalid_email', EMAIL_PROBLEM_KEYS[problem], { email: shown });
    } else if (isDisposable(parsed.domain)) {
      const domain = parsed.shownDomain;
      fail('email', 'disposable_email', 'entry.email-disposable', { domain });
    } else {
      email = parsed.address;
      emailShown = parsed.shown;
      emailKey = key;
    }
  }

  // Adult, consent
  const adult = readBoolean(input.adult);
  if (adult === null) fail('adult', 'invalid', 'entry.adult-invalid');
  const consent = readBoolean(input.consent);
  if (consent === null) fail('consent', 'invalid', 'entry.consent-invalid');

  // Ballot
  const ballot: Record<string, string> = {};
  const rawBallot = input.ballot ?? {};
  const categories = new Map(campaign.categories.map((c) => [c.id, c]));
  for (const key of Object.keys(rawBallot)) {
    if (!categories.has(key) && !isBlank(rawBallot[key])) {
      fail(`ballot.${key}`, 'unknown_category', 'entry.unknown-category', { category: key });
    }
  }
  for (const category of campaign.categories) {
    const raw = Object.hasOwn(rawBallot, category.id) ? rawBallot[category.id] : undefined;
    if (isBlank(raw)) continue;
    const picked = asStrings(raw);
    const field = `ballot.${category.id}`;
    if (!picked || picked.length !== 1) {
      fail(field, 'too_many', 'entry.category-one-only', { category: category.title });
      continue;
    }
    const nomineeId = picked[0]!;
    if (!category.nominees.some((n) => n.id === nomineeId)) {
      fail(field, 'unknown_nominee', 'entry.unknown-nominee', { nominee: nomineeId, category: category.title });
      continue;
    }
    ballot[category.id] = nomineeId;
  }
  const anyBallotError = errors.some((e) => e.field.startsWith('ballot.'));
  if (Object.keys(ballot).length === 0 && !anyBallotError) {
    fail('ballot', 'no_votes', 'entry.no-votes');
  }

  // Answers
  const answers: Record<string, AnswerValue> = {};
  const rawAnswers = input.answers ?? {};
  const questions = new Map(campaign.questions.map((q) => [q.id, q]));
  for (const key of Object.keys(rawAnswers)) {
    if (!questions.has(key) && !isBlank(rawAnswers[key])) {
      fail(`answers.${key}`, 'unknown_question', 'entry.unknown-question', { question: key });
    }
  }
  for (const q of campaign.questions) {
    const raw = Object.hasOwn(rawAnswers, q.id) ? rawAnswers[q.id] : undefined;
    const field = `answers.${q.id}`;
    if (isBlank(raw)) {
      if (q.required) fail(field, 'required', 'entry.answer-required', { question: q.text });
      continue;
    }
    const checked = checkAnswer(q, raw);
    if ('code' in checked) {
      fail(field, checked.code, checked.key, checked.params);
      continue;
    }
    const empty = checked.value === '' || (Array.isArray(checked.value) && checked.value.length === 0);
    if (empty) {
      if (q.required) fail(field, 'required', 'entry.answer-required', { question: q.text });
      continue;
    }
    answers[q.id] = checked.value;
  }

  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { name, email, emailShown, emailKey, adult: adult === true, consent: consent === true, ballot, answers } };
}

/** Draw eligibility: 18+, rules accepted and every required question answered. */
export function isCompleteForDraw(
  campaign: Pick<Campaign, 'questions'>,
  entry: { adult: boolean; consent: boolean; answers: Record<string, unknown> },
): boolean {
  if (entry.adult !== true || entry.consent !== true) return false;
  return campaign.questions.every((q) => !q.required || !isBlank(entry.answers[q.id]));
}
