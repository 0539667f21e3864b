/** The events an endpoint may subscribe to; `ping` is only ever sent by the admin's "send test event". */
export const WEBHOOK_EVENTS = ['article.published', 'article.updated', 'article.unpublished', 'campaign.closed', 'draw.published'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
export type AnyWebhookEvent = WebhookEvent | 'ping';

export const isWebhookEvent = (name: string): name is WebhookEvent => (WEBHOOK_EVENTS as readonly string[]).includes(name);

/** What an endpoint receives: the body is exactly this JSON, and the signature covers its bytes. */
export interface WebhookPayload {
  id: string;
  event: AnyWebhookEvent;
  created_at: string;
  data: Record<string, unknown>;
}

/** Waits before each retry: the nth failed attempt waits RETRY_DELAYS_MS[n - 1] (the last one repeats). */
export const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3600_000, 12 * 3600_000] as const;
/** After this many attempts a delivery is given up (kept in the log as failed). */
export const MAX_ATTEMPTS = 8;
/** Each request may take this long, connection included. */
export const REQUEST_TIMEOUT_MS = 10_000;
/** A delivery claimed this long ago and not settled died with its process: it is sent again. */
export const LEASE_MS = 2 * 60_000;

export const retryDelayMs = (attempts: number): number => RETRY_DELAYS_MS[Math.min(Math.max(attempts, 1), RETRY_DELAYS_MS.length) - 1]!;
