import type { FastifyError, FastifyRequest } from 'fastify';
import { Refusal, type RefusalCode, type RefusalParams } from '../errors';
import { createI18n, type I18n, type MessageKey } from '../i18n/messages';

/**
 * The one table: each refusal's HTTP status and catalogue message. Pages, JSON and the CLI all
 * word a refusal from here, and everything Fastify, its body parser, the schemas, CSRF and the
 * rate limiter raise is first turned into a refusal (`refusalOf`), so nothing reaches a client
 * as a 500 unless it is one.
 */
const STATUS: { [C in RefusalCode]: number } = {
  bad_url: 400,
  no_route: 404,
  invalid_json: 400,
  too_large: 413,
  unsupported_media_type: 415,
  bad_request: 400,
  field_type: 400,
  field_repeated: 400,
  field_required: 400,
  field_unknown: 400,
  field_too_long: 400,
  field_too_short: 400,
  field_format: 400,
  field_range: 400,
  field_choice: 400,
  field_invalid: 400,
  csrf_invalid: 403,
  rate_limited: 429,
  internal_error: 500,
  unavailable: 503,
  no_article: 404,
  no_section: 404,
  no_tag: 404,
  no_author: 404,
  no_sitemap: 404,
  page_beyond: 404,
  page_gone: 404,
  cursor_invalid: 400,
  cursor_both: 400,
  list_end: 404,
  not_signed_in: 401,
  session_expired: 401,
  sessions_unavailable: 503,
  role_forbidden: 403,
  no_revision: 404,
  no_user: 404,
  own_account: 400,
  account_exists: 409,
  invalid_role: 400,
  date_invalid: 400,
  reason_required: 400,
  reason_too_long: 400,
  not_a_file_name: 400,
  no_campaign: 404,
  no_entry: 404,
  results_not_public: 403,
  ballots_not_frozen: 409,
  no_ballot_list: 404,
  reason_code_invalid: 400,
  campaign_not_open: 403,
  campaign_closed: 403,
  entry_invalid: 400,
  already_confirmed: 409,
  already_disqualified: 409,
  token_invalid: 400,
  token_unknown: 404,
  token_used: 410,
  token_expired: 410,
  idempotency_key_invalid: 400,
  idempotency_key_reused: 422,
  pow_off: 404,
  pow_required: 400,
  pow_invalid: 400,
  invalid_email: 400,
  not_drawn: 404,
  already_drawn: 409,
  not_closed: 409,
  freeze_waiting: 409,
  no_entries: 409,
  not_enough_entries: 409,
  beacon_not_announced: 400,
  beacon_missing: 409,
  beacon_failed: 400,
  not_in_draw: 404,
  already_forfeited: 409,
  already_claimed: 409,
  holds_no_prize: 409,
  no_media: 404,
  media_empty: 400,
  media_too_large: 413,
  media_not_image: 415,
  media_svg: 415,
  media_unsupported: 415,
  media_animated: 415,
  media_too_many_pixels: 422,
  media_corrupt: 422,
  media_busy: 503,
  media_unknown: 422,
  media_alt_missing: 422,
  media_alt_in_use: 409,
  webhook_url: 400,
  webhook_host_unknown: 422,
  webhook_private: 422,
  webhook_events: 400,
  no_webhook: 404,
  redirect_path: 400,
  redirect_self: 400,
  redirect_loop: 409,
  no_redirect: 404,
  redirect_status: 400,
  slug_taken: 409,
  author_name: 400,
  author_name_taken: 409,
  author_slug: 400,
  author_slug_taken: 409,
  author_link: 400,
  author_link_missing: 400,
  author_in_use: 409,
  author_merge_self: 400,
  author_unknown: 422,
  api_key_missing: 401,
  api_key_invalid: 401,
  api_key_revoked: 401,
  api_cursor_invalid: 400,
  api_rate_limited: 429,
  no_api_key: 404,
  api_key_already_revoked: 409,
  api_key_name: 400,
  api_key_origin: 400,
  api_key_rate: 400,
  no_preview: 404,
  preview_expired: 410,
  preview_revoked: 410,
  preview_published: 409,
  preview_days: 400,
  no_preview_link: 404,
  review_editors_only: 403,
  article_not_yours: 403,
  article_draft: 409,
  article_in_review: 409,
  article_changes_requested: 409,
  article_published: 409,
  article_scheduled: 409,
  review_note_required: 400,
  review_time_future: 400,
  body_too_large: 400,
  no_working_copy: 404,
  schedule_time: 400,
  schedule_past: 400,
  not_scheduled: 409,
};

export const statusOf = (code: RefusalCode): number => STATUS[code];
export const messageKeyOf = (code: RefusalCode): MessageKey => `refusal.${code}`;

const FRAMEWORK: Record<string, RefusalCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'too_large',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_BAD_URL: 'bad_url',
  FST_CSRF_INVALID_TOKEN: 'csrf_invalid',
  FST_CSRF_MISSING_SECRET: 'csrf_invalid',
};

/**
 * Any error a request raised, as a refusal; `internal` says it is a fault of ours (log it, show
 * no internals). A refusal passes through; Fastify's own client errors keep their 4xx meaning.
 */
export function refusalOf(error: unknown, request: FastifyRequest): { refusal: Refusal; status: number; internal: boolean } {
  if (error instanceof Refusal) return { refusal: error, status: STATUS[error.code], internal: STATUS[error.code] >= 500 };
  const e = error as Partial<FastifyError> | null;
  if (e && Array.isArray(e.validation) && e.validation.length > 0) {
    const refusal = validationRefusal(e as FastifyError, request);
    return { refusal, status: STATUS[refusal.code], internal: false };
  }
  const code = typeof e?.code === 'string' ? FRAMEWORK[e.code] : undefined;
  if (code) {
    const params: RefusalParams = code === 'too_large' ? { limit: sizeText(request.routeOptions.bodyLimit ?? 0) } : code === 'bad_request' ? { problem: 'its length does not match its Content-Length header' } : {};
    return { refusal: new Refusal(code, params), status: STATUS[code], internal: false };
  }
  const status = typeof e?.statusCode === 'number' ? e.statusCode : 500;
  if (status >= 400 && status < 500) {
    // A client error of a plugin we did not name above: said generally, never with its internals.
    const refusal = new Refusal('bad_request', { problem: status === 413 ? 'it is too large' : 'it is malformed' });
    return { refusal, status, internal: false };
  }
  return { refusal: new Refusal('internal_error'), status: 500, internal: true };
}

const sizeText = (bytes: number) => (bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${Math.round(bytes / 1024)} KB`);

interface AjvError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
}

/** The first schema violation, naming the field as the client sent it (`ballot.x` for nested ones). */
function validationRefusal(error: FastifyError, request: FastifyRequest): Refusal {
  const first = error.validation![0] as unknown as AjvError;
  const path = first.instancePath.split('/').filter(Boolean).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  const child = typeof first.params.missingProperty === 'string' ? first.params.missingProperty : typeof first.params.additionalProperty === 'string' ? first.params.additionalProperty : null;
  if (child !== null) path.push(child);
  const field = path.join('.') || (error.validationContext ?? 'body');
  const limit = Number(first.params.limit ?? 0);
  switch (first.keyword) {
    case 'required':
      return new Refusal('field_required', { field }, field);
    case 'additionalProperties':
      return new Refusal('field_unknown', { field }, field);
    case 'type': {
      // A list where one value is expected is a repeated name in a query string or a form; in JSON it is just the wrong type.
      const json = (request.headers['content-type'] ?? '').includes('json');
      const source = error.validationContext === 'querystring' ? request.query : error.validationContext === 'body' && !json ? request.body : undefined;
      if (Array.isArray(valueAt(source, path))) return new Refusal('field_repeated', { field }, field);
      const type = String(first.params.type ?? 'value').split(',')[0] ?? 'value';
      return new Refusal('field_type', { field, type }, field);
    }
    case 'maxLength':
      return new Refusal('field_too_long', { field, limit }, field);
    case 'minLength':
      return limit <= 1 ? new Refusal('field_required', { field }, field) : new Refusal('field_too_short', { field, limit }, field);
    case 'minimum':
    case 'exclusiveMinimum':
      return new Refusal('field_range', { field, comparison: 'min', limit }, field);
    case 'maximum':
    case 'exclusiveMaximum':
      return new Refusal('field_range', { field, comparison: 'max', limit }, field);
    case 'enum':
      return new Refusal('field_choice', { field, choices: ((first.params.allowedValues as unknown[] | undefined) ?? []).filter((v) => v !== '').join(', ') }, field);
    case 'pattern':
    case 'format':
      return new Refusal('field_format', { field }, field);
    default:
      return new Refusal('field_invalid', { field }, field);
  }
}

function valueAt(source: unknown, path: string[]): unknown {
  let value = source;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** Parameters that name a word of the catalogue ({type}, {comparison}) are put into words first. */
export function wordedParams(refusal: Refusal, i18n: I18n): RefusalParams {
  const params = { ...refusal.params };
  if (refusal.code === 'field_type') params.type = i18n.t(typeKey(String(params.type)));
  if (refusal.code === 'field_range') params.comparison = i18n.t(params.comparison === 'min' ? 'refusal.comparison.min' : 'refusal.comparison.max');
  return params;
}

function typeKey(type: string): MessageKey {
  const known = ['string', 'integer', 'number', 'boolean', 'object', 'array'];
  return known.includes(type) ? (`refusal.type.${type}` as MessageKey) : 'refusal.type.value';
}

/** The message a person reads for this refusal (for a submission with several problems, the first). */
export function describeRefusal(refusal: Refusal, i18n: I18n): string {
  const first = refusal.problems[0];
  if (first) return i18n.t(first.key as MessageKey, first.params);
  return i18n.t(messageKeyOf(refusal.code), wordedParams(refusal, i18n));
}

const english = createI18n('en', 'UTC');

/**
 * The JSON body of an error, the same on every API, in English (clients branch on `code`). A
 * submission with several problems names the first as `code` and `field` and lists them all.
 */
export function refusalJson(refusal: Refusal) {
  const first = refusal.problems[0];
  const problems = refusal.problems.map((p) => ({ field: p.field, code: p.code, message: english.t(p.key as MessageKey, p.params) }));
  return {
    error: {
      code: first?.code ?? refusal.code,
      message: describeRefusal(refusal, english),
      ...(refusal.field ? { field: refusal.field } : {}),
      ...(problems.length > 1 ? { problems } : {}),
    },
  };
}

/** A refusal as the command line says it: in English, like the rest of the CLI's output. */
export const refusalLine = (refusal: Refusal): string => `paddock: ${describeRefusal(refusal, english)}\n`;
