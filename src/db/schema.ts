import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * Instants are stored as ISO 8601 UTC text of fixed width (`2026-11-20T09:30:00.000Z`) on every
 * engine: it sorts chronologically as text, compares the same way in SQLite and PostgreSQL and
 * round-trips without driver-specific Date parsing. Booleans are 0/1 integers for the same reason.
 */
export type IsoInstant = string;

export interface ArticlesTable {
  id: Generated<number>;
  slug: string;
  title: string;
  standfirst: string;
  author: string;
  rubric_slug: string | null;
  hero_url: string | null;
  hero_alt: string | null;
  hero_credit: string | null;
  /** A media library item as the hero image (hero_url is then null); see migration 009. */
  hero_media_id: number | null;
  /** Where an imported article came from (migration 010): the site, its id there, its old address. */
  source: string | null;
  source_id: string | null;
  source_url: string | null;
  /** A copy of the article's linked authors, [{slug, name}] in byline order (migration 013, db/bylines.ts). */
  authors_json: Generated<string>;
  status: 'draft' | 'published';
  published_at: IsoInstant;
  created_at: IsoInstant;
  updated_at: IsoInstant;
  revision: number;
  summary_edited: number;
  /** Who wrote it here (migration 020): a contributor sees and edits only their own; null for older and imported articles. */
  owner_id: Generated<number | null>;
  /** The review step of a draft (migration 020, articles/review/): null, submitted, or sent back with `review_note`. */
  review_state: Generated<'in_review' | 'changes_requested' | null>;
  review_note: Generated<string | null>;
  /** When it was last submitted: the review queue's order. */
  submitted_at: Generated<IsoInstant | null>;
}

/**
 * An article's text and what is derived from it, apart from the row every listing reads: in
 * SQLite a row's columns after a long text live in its overflow pages, so with the bodies inline
 * each card on a listing page read some 20 KB to get its date.
 */
export interface ArticleBodiesTable {
  article_id: number;
  body_md: string;
  body_html: string;
  plain_text: string;
  summary_json: string | null;
}

export interface RubricsTable {
  slug: string;
  name: string;
}

export interface TagsTable {
  slug: string;
  name: string;
}

export interface ArticleTagsTable {
  article_id: number;
  tag_slug: string;
  position: number;
  /** The article's, copied so that tag listings are ordered from this table's own index. */
  status: 'draft' | 'published';
  published_at: IsoInstant;
}

/** A person who writes for the site (migration 012); their page is /author/:slug. */
export interface AuthorsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  bio: Generated<string>;
  photo_media_id: number | null;
  /** A JSON array of { label, url }. */
  links_json: Generated<string>;
  created_at: IsoInstant;
  updated_at: IsoInstant;
}

export interface ArticleAuthorsTable {
  article_id: number;
  author_id: number;
  position: number;
  /** The article's, copied so that an author's listing is ordered from this table's own index. */
  status: 'draft' | 'published';
  published_at: IsoInstant;
}

export interface ArticleRevisionsTable {
  id: Generated<number>;
  article_id: number;
  revision: number;
  snapshot_json: string;
  summary_json: string | null;
  summary_edited: number;
  editor: string | null;
  created_at: IsoInstant;
}

export interface SiteStateTable {
  key: string;
  value: number;
}

export interface CampaignsTable {
  id: Generated<number>;
  slug: string;
  title: string;
  definition_yaml: string;
  timezone: string;
  opens_at: IsoInstant;
  closes_at: IsoInstant;
  draw_seed: string;
  draw_commitment: string;
  frozen_at: IsoInstant | null;
  frozen_codes_json: string | null;
  entries_digest: string | null;
  entries_count: number | null;
  /** SHA-256 of the ballot list's canonical text (migration 023, grandprix/ballot-list.ts), written once at the freeze. */
  ballots_digest: Generated<string | null>;
  ballots_count: Generated<number | null>;
  results_version: Generated<number>;
  created_at: IsoInstant;
  updated_at: IsoInstant;
}

export interface EntriesTable {
  id: Generated<number>;
  campaign_id: number;
  code: string;
  email_key: string;
  email: string;
  name: string;
  adult: number;
  consent: number;
  complete: number;
  ballot_json: string;
  answers_json: string;
  status: 'pending' | 'confirmed';
  submitted_at: IsoInstant;
  confirmed_at: IsoInstant | null;
  token_hash: string | null;
  token_expires_at: IsoInstant | null;
  disqualified_at: IsoInstant | null;
  disqualified_reason: string | null;
  erased_at: IsoInstant | null;
  /** SHA-256 of the ballot secret given at confirmation (migration 023); the secret is never stored. */
  ballot_check_id: Generated<string | null>;
  /** The published reason code of a disqualification (grandprix/ballot-list.ts DISQUALIFY_REASONS). */
  disqualified_code: Generated<string | null>;
}

/** The ballot list frozen with the draw's entries (migration 023): the exact text served. */
export interface CampaignBallotsTable {
  campaign_id: number;
  list_json: string;
  frozen_at: IsoInstant;
}

export interface Database {
  campaign_ballots: CampaignBallotsTable;
}

export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  request_hash: string;
  status_code: number;
  response_json: string;
  created_at: IsoInstant;
}

export interface MailOutboxTable {
  id: Generated<number>;
  to_address: string;
  subject: string;
  body_text: string;
  created_at: IsoInstant;
  not_before: IsoInstant | null;
  attempts: Generated<number>;
  last_error: string | null;
  failed_at: IsoInstant | null;
}

export interface PowSpentTable {
  signature: string;
  expires_at: IsoInstant;
}

export interface EntryEventsTable {
  id: Generated<number>;
  entry_id: number;
  action: string;
  reason: string | null;
  actor: string | null;
  at: IsoInstant;
}

export interface UsersTable {
  id: Generated<number>;
  /** Lower-cased. */
  email: string;
  role: 'admin' | 'editor' | 'contributor';
  /** The admin's language for this person (migration 019); null: the site's (SITE_LANG). */
  lang: 'en' | 'ru' | null;
  /** `scrypt$N$r$p$salt$hash` (base64url); null until the person sets a password. */
  password_hash: string | null;
  disabled: number;
  created_at: IsoInstant;
  updated_at: IsoInstant;
}

export interface PasswordTokensTable {
  /** SHA-256 of the token in the link, never the token itself. */
  token_hash: string;
  user_id: number;
  created_at: IsoInstant;
  expires_at: IsoInstant;
  used_at: IsoInstant | null;
}

export interface SessionsTable {
  /** SHA-256 of the session id in the cookie, never the id itself. */
  id_hash: string;
  user_id: number;
  created_at: IsoInstant;
  last_seen_at: IsoInstant;
  /** The absolute end of the session, whatever the activity. */
  expires_at: IsoInstant;
}

export interface LoginFailuresTable {
  id: Generated<number>;
  email: string;
  ip: string;
  at: IsoInstant;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: IsoInstant;
  /** The acting person's email, `cli` or null (an anonymous visitor). */
  actor: string | null;
  action: string;
  target: string | null;
  details_json: string | null;
}

export interface RaffleDrawsTable {
  id: Generated<number>;
  campaign_id: number;
  /** serializeDrawRecord output, served byte for byte; never updated. */
  record_json: string;
  drawn_at: IsoInstant;
}

export interface RaffleEventsTable {
  id: Generated<number>;
  campaign_id: number;
  at: IsoInstant;
  action: 'draw' | 'notify' | 'forfeit' | 'claim';
  code: string | null;
  prize: number | null;
  claim_by: IsoInstant | null;
  reason: string | null;
  actor: string | null;
}

/**
 * An image of the media library. `key` is the SHA-256 of its normalised original (rotated
 * upright, metadata stripped), so file names and URLs never change for the same pixels;
 * `source_sha256` is the hash of the bytes as uploaded, so uploading the same file again finds
 * the item without decoding it.
 */
export interface MediaTable {
  id: Generated<number>;
  key: string;
  source_sha256: string;
  /** The normalised original's format, also the fallback format of its resized copies. */
  format: 'jpeg' | 'png';
  /** What was uploaded, as detected from its bytes (jpeg, png, webp, avif, gif, tiff). */
  source_format: string;
  width: number;
  height: number;
  /** Size of the normalised original. */
  bytes: number;
  original_name: string;
  alt: string;
  credit: string;
  caption: string;
  created_at: IsoInstant;
  created_by: string | null;
  updated_at: IsoInstant;
}

/** A redirect from an old address (migration 011); `to_path` never is itself a redirect's `from_path`. */
export interface RedirectsTable {
  id: Generated<number>;
  from_path: string;
  to_path: string;
  status: 301 | 302;
  created_at: IsoInstant;
  created_by: string | null;
}

/** An article's "Read next" list, best first (migration 016, articles/related/). */
export interface RelatedArticlesTable {
  article_id: number;
  position: number;
  related_id: number;
  score: number;
}

/** The stems of an article's headline and standfirst that related articles are compared by. */
export interface RelatedTermsTable {
  article_id: number;
  /** Distinct stems separated by spaces. */
  terms: string;
}

export interface Database {
  related_articles: RelatedArticlesTable;
  related_terms: RelatedTermsTable;
  articles: ArticlesTable;
  article_bodies: ArticleBodiesTable;
  rubrics: RubricsTable;
  tags: TagsTable;
  article_tags: ArticleTagsTable;
  authors: AuthorsTable;
  article_authors: ArticleAuthorsTable;
  article_revisions: ArticleRevisionsTable;
  site_state: SiteStateTable;
  users: UsersTable;
  password_tokens: PasswordTokensTable;
  sessions: SessionsTable;
  login_failures: LoginFailuresTable;
  audit_log: AuditLogTable;
  campaigns: CampaignsTable;
  entries: EntriesTable;
  idempotency_keys: IdempotencyKeysTable;
  pow_spent: PowSpentTable;
  entry_events: EntryEventsTable;
  raffle_draws: RaffleDrawsTable;
  raffle_events: RaffleEventsTable;
  mail_outbox: MailOutboxTable;
  media: MediaTable;
  redirects: RedirectsTable;
}

export type ArticleRow = Selectable<ArticlesTable> & Omit<Selectable<ArticleBodiesTable>, 'article_id'>;
export type NewArticleRow = Insertable<ArticlesTable>;
export type ArticleUpdate = Updateable<ArticlesTable>;

/** Webhooks (migration 015): endpoints, their deliveries (outbox and log), events derived from time. */
export interface WebhookEndpointsTable {
  id: Generated<number>;
  url: string;
  description: Generated<string>;
  /** A JSON array of event names. */
  events_json: string;
  active: Generated<number>;
  /** Kept as is: it signs every delivery (see the migration). */
  secret: string;
  created_at: IsoInstant;
  created_by: string | null;
  updated_at: IsoInstant;
}

export interface WebhookDeliveriesTable {
  id: Generated<number>;
  delivery_id: string;
  event_id: string;
  endpoint_id: number;
  event: string;
  subject: string | null;
  body: string;
  created_at: IsoInstant;
  status: Generated<'pending' | 'delivered' | 'failed'>;
  not_before: IsoInstant | null;
  attempts: Generated<number>;
  last_attempt_at: IsoInstant | null;
  last_status: number | null;
  last_latency_ms: number | null;
  last_response: string | null;
  last_error: string | null;
  delivered_at: IsoInstant | null;
}

export interface WebhookAnnouncementsTable {
  subject: string;
  created_at: IsoInstant;
}

// Declaration merging: the webhook tables join Database here, in one place.
export interface Database {
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_announcements: WebhookAnnouncementsTable;
}

/** A key of the Content API (migration 014, api/keys.ts): only the SHA-256 of the key is stored. */
export interface ApiKeysTable {
  id: Generated<number>;
  name: string;
  key_hash: string;
  /** The key's first characters, to tell keys apart in lists. */
  prefix: string;
  /** A JSON array of origins (`https://app.example`) whose pages may read the answers. */
  origins_json: Generated<string>;
  rate_per_minute: number;
  created_at: IsoInstant;
  created_by: string | null;
  revoked_at: IsoInstant | null;
  last_used_at: IsoInstant | null;
}

export interface Database {
  api_keys: ApiKeysTable;
}

/** A preview link of a draft or scheduled article (migration 018, articles/previews/): only the SHA-256 of its secret is stored. */
export interface PreviewLinksTable {
  id: Generated<number>;
  article_id: number;
  token_hash: string;
  created_by: string | null;
  created_at: IsoInstant;
  expires_at: IsoInstant;
  revoked_at: IsoInstant | null;
  revoked_by: string | null;
}

export interface Database {
  preview_links: PreviewLinksTable;
}

/**
 * One person's unsaved editor text (migration 021, articles/working-copies.ts): of an article, or
 * of a new one under a key its browser made. Not a revision and never public.
 */
export interface WorkingCopiesTable {
  id: Generated<number>;
  user_id: number;
  /** `article:<id>` or `draft:<key>`: unique per person. */
  slot: string;
  article_id: number | null;
  draft_key: string | null;
  /** The article's revision the text started from; null for a new article. */
  base_revision: number | null;
  /** The editor form's fields as typed (ArticleForm without its revision). */
  fields_json: string;
  saved_at: IsoInstant;
}

export interface Database {
  working_copies: WorkingCopiesTable;
}

/** One step of an article's review (migration 020): submitted, sent back with a note, approved. */
export interface ArticleReviewEventsTable {
  id: Generated<number>;
  article_id: number;
  action: 'submit' | 'request_changes' | 'approve_publish' | 'approve_schedule';
  /** The person's email, as the audit log names them. */
  actor: string;
  note: string | null;
  /** The publication time an approval set. */
  published_at: IsoInstant | null;
  created_at: IsoInstant;
}

export interface Database {
  article_review_events: ArticleReviewEventsTable;
}
