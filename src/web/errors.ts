import type { MessageKey } from '../i18n/messages';

/**
 * The few errors a client can cause, each with a stable code and HTTP status. The error handler
 * turns them into a page or `{"error": {"code", "message", "field"?}}`; anything else is a 500
 * that shows no internals.
 */
export class HttpError extends Error {
  /** The same message from the catalogue, for pages shown in the site's language. */
  localized?: { key: MessageKey; params?: Record<string, string | number> };

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }

  withLocalized(key: MessageKey, params?: Record<string, string | number>): this {
    this.localized = { key, ...(params ? { params } : {}) };
    return this;
  }
}

export const badRequest = (message: string, field?: string, code = 'bad_request') => new HttpError(400, code, message, field);
export const notFound = (message = 'Not found') => new HttpError(404, 'not_found', message);
export const forbidden = (code: string, message: string) => new HttpError(403, code, message);
export const conflict = (code: string, message: string) => new HttpError(409, code, message);
