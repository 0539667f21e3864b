/**
 * The one error vocabulary. A service, a store or a route that refuses a request throws a
 * `Refusal`: a stable code, the values its message needs and, when one field is to blame, that
 * field. It carries no HTTP status and no wording: `web/refusals.ts` maps each code to a status
 * and a catalogue message, for pages, JSON and the CLI alike.
 */
export type RefusalParams = Record<string, string | number>;

export type RefusalCode =
  // The request itself: the router, the body parser, the schemas, CSRF and rate limits.
  | 'bad_url'
  | 'no_route'
  | 'invalid_json'
  | 'too_large'
  | 'unsupported_media_type'
  | 'bad_request'
  | 'field_type'
  | 'field_repeated'
  | 'field_required'
  | 'field_unknown'
  | 'field_too_long'
  | 'field_too_short'
  | 'field_format'
  | 'field_range'
  | 'field_choice'
  | 'field_invalid'
  | 'csrf_invalid'
  | 'rate_limited'
  | 'internal_error'
  | 'unavailable'
  // Reading the site.
  | 'no_article'
  | 'no_section'
  | 'no_tag'
  | 'no_author'
  | 'no_sitemap'
  | 'page_beyond'
  | 'page_gone'
  | 'cursor_invalid'
  | 'cursor_both'
  | 'list_end'
  // The admin area.
  | 'not_signed_in'
  | 'session_expired'
  | 'sessions_unavailable'
  | 'role_forbidden'
  | 'no_revision'
  | 'no_user'
  | 'own_account'
  | 'account_exists'
  | 'invalid_role'
  | 'date_invalid'
  | 'reason_required'
  | 'reason_too_long'
  | 'not_a_file_name'
  // Grand Prix.
  | 'no_campaign'
  | 'no_entry'
  | 'results_not_public'
  // The ballot list and its recount (grandprix/ballot-routes.tsx, entrant-actions.ts).
  | 'ballots_not_frozen'
  | 'no_ballot_list'
  | 'reason_code_invalid'
  | 'campaign_not_open'
  | 'campaign_closed'
  | 'entry_invalid'
  | 'already_confirmed'
  | 'already_disqualified'
  | 'token_invalid'
  | 'token_unknown'
  | 'token_used'
  | 'token_expired'
  | 'idempotency_key_invalid'
  | 'idempotency_key_reused'
  | 'pow_off'
  | 'pow_required'
  | 'pow_invalid'
  | 'invalid_email'
  // The prize draw.
  | 'not_drawn'
  | 'already_drawn'
  | 'not_closed'
  | 'freeze_waiting'
  | 'no_entries'
  | 'not_enough_entries'
  | 'beacon_not_announced'
  | 'beacon_missing'
  | 'beacon_failed'
  | 'not_in_draw'
  | 'already_forfeited'
  | 'already_claimed'
  | 'holds_no_prize'
  // The media library.
  | 'no_media'
  | 'media_empty'
  | 'media_too_large'
  | 'media_not_image'
  | 'media_svg'
  | 'media_unsupported'
  | 'media_animated'
  | 'media_too_many_pixels'
  | 'media_corrupt'
  | 'media_busy'
  | 'media_unknown'
  | 'media_alt_missing'
  | 'media_alt_in_use'
  // Webhooks, managed in the admin.
  | 'webhook_url'
  | 'webhook_host_unknown'
  | 'webhook_private'
  | 'webhook_events'
  | 'no_webhook'
  // Redirects from old addresses.
  | 'redirect_path'
  | 'redirect_self'
  | 'redirect_loop'
  | 'no_redirect'
  | 'redirect_status'
  | 'slug_taken'
  // Authors, managed in the admin.
  | 'author_name'
  | 'author_name_taken'
  | 'author_slug'
  | 'author_slug_taken'
  | 'author_link'
  | 'author_link_missing'
  | 'author_in_use'
  | 'author_merge_self'
  | 'author_unknown'
  // The Content API and its keys.
  | 'api_key_missing'
  | 'api_key_invalid'
  | 'api_key_revoked'
  | 'api_cursor_invalid'
  | 'api_rate_limited'
  | 'no_api_key'
  | 'api_key_already_revoked'
  | 'api_key_name'
  | 'api_key_origin'
  | 'api_key_rate'
  // Preview links of drafts.
  | 'no_preview'
  | 'preview_expired'
  | 'preview_revoked'
  | 'preview_published'
  | 'preview_days'
  | 'no_preview_link'
  // The newsroom's review of contributors' drafts (articles/review/).
  | 'review_editors_only'
  | 'article_not_yours'
  | 'article_draft'
  | 'article_in_review'
  | 'article_changes_requested'
  | 'article_published'
  | 'article_scheduled'
  | 'review_note_required'
  | 'review_time_future'
  // Working copies of the editor and the schedule (admin/routes/editing-routes.tsx, schedule-routes.tsx).
  | 'body_too_large'
  | 'no_working_copy'
  | 'schedule_time'
  | 'schedule_past'
  | 'not_scheduled';

/** One of several problems of one submission, each with its own catalogue message (a ballot shows them all). */
export interface FieldProblem {
  field: string;
  code: string;
  /** A key of the message catalogue. */
  key: string;
  params?: RefusalParams;
}

export class Refusal extends Error {
  constructor(
    readonly code: RefusalCode,
    readonly params: RefusalParams = {},
    readonly field?: string,
    readonly problems: readonly FieldProblem[] = [],
  ) {
    // The code, never wording: logs show it; people see the catalogue's message.
    super(code);
    this.name = 'Refusal';
  }
}
