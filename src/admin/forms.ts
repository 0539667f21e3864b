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

// A path inside /admin of unreserved and percent-encoded characters, with an optional query: no
// scheme, no host, no backslash, no control or non-ASCII character (a Location header carries only
// Latin-1, and a browser reads "/\\evil" or "//evil" as another site).
const SAFE = "(?:[A-Za-z0-9\\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})";
const ADMIN_PATH = new RegExp(`^/admin(?:/${SAFE}*)?(?:\\?(?:${SAFE}|\\?)*)?$`);

/** `next` after sign-in: only a same-site path inside /admin of safe characters; anything else is /admin. */
export function safeNext(value: unknown): string {
  if (typeof value !== 'string' || value.length > 500 || !ADMIN_PATH.test(value) || value.includes('//')) return '/admin';
  if (value.startsWith('/admin/login') || value.startsWith('/admin/logout')) return '/admin';
  return value;
}
