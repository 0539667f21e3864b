import { badRequest } from '../web/errors';

/** A parsed form or JSON body: anything else (an array, a string) reads as empty. */
export type FormBody = Record<string, unknown>;

export function formBody(body: unknown): FormBody {
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as FormBody) : {};
}

/**
 * Control characters other than tab and newline never belong in a form field, and PostgreSQL
 * refuses NUL in text; they are dropped rather than stored. CR LF becomes LF.
 */
export function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
}

/** One text field; a repeated field counts as its first value. */
export function field(body: FormBody, name: string): string {
  const v = body[name];
  const first = Array.isArray(v) ? v[0] : v;
  if (typeof first === 'string') return clean(first);
  if (typeof first === 'number' || typeof first === 'boolean') return String(first);
  return '';
}

/** A repeated field (checkboxes), as a list of texts. */
export function fields(body: FormBody, name: string): string[] {
  const v = body[name];
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list.filter((x): x is string | number => typeof x === 'string' || typeof x === 'number').map((x) => clean(String(x)));
}

/** A positive whole number from a path or query parameter, or a 400/404 saying what was wrong. */
export function positiveInt(value: unknown, what: string): number {
  const text = typeof value === 'string' ? value : '';
  if (!/^[1-9]\d{0,9}$/.test(text)) throw badRequest(`${what} must be a positive whole number.`, what);
  return Number(text);
}

/** A page number from the query string; absent means 1. */
export function pageParam(value: unknown): number {
  if (value === undefined || value === '') return 1;
  return positiveInt(value, 'page');
}

/** `next` after sign-in: only a path inside /admin, never another site. */
export function safeNext(value: unknown): string {
  if (typeof value !== 'string') return '/admin';
  if (!/^\/admin(?:[/?#]|$)/.test(value) || value.includes('//') || value.includes('\\') || value.length > 500) return '/admin';
  if (value.startsWith('/admin/login') || value.startsWith('/admin/logout')) return '/admin';
  return value;
}
