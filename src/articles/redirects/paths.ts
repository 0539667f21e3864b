import { Refusal } from '../../errors';

/**
 * One spelling per address, so a redirect stored from a WordPress permalink, a CSV or a typed
 * path is found by the request that asks for it:
 * - the path only: a scheme and host of this or an old site, the query and the fragment are
 *   dropped (a request's query string is carried over to the target instead);
 * - a leading slash, no trailing slash except for "/" itself, no empty segments (the router
 *   ignores a trailing slash, so `/old/` and `/old` are the same page);
 * - percent-escapes decoded to text (`/%D0%BD%D0%BE` is stored as `/но`), except those of `/`, `?`,
 *   `#` and `%`, which would change the path's meaning and stay escaped (upper-case hex);
 *   a broken escape is refused. Case is kept: paths are case-sensitive.
 */
export function normalisePath(input: string): string {
  let raw = input.trim();
  if (/^https?:\/\//i.test(raw)) {
    try {
      raw = new URL(raw).pathname;
    } catch {
      throw new Refusal('redirect_path', { path: input }, 'from');
    }
  }
  raw = raw.replace(/[?#].*$/s, '');
  if (!raw.startsWith('/') || /\s/.test(raw) || [...raw].some((c) => c.charCodeAt(0) < 0x20)) throw new Refusal('redirect_path', { path: input }, 'from');
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw.replace(/%(2f|3f|23|25)/gi, (m) => `%25${m.slice(1).toUpperCase()}`));
  } catch {
    throw new Refusal('redirect_path', { path: input }, 'from');
  }
  const path = `/${decoded.split('/').filter((s) => s !== '').join('/')}`;
  if (path.length > 2000) throw new Refusal('redirect_path', { path: input.slice(0, 100) }, 'from');
  return path;
}

/** The same spelling, or null: a request's path that cannot be normalised simply has no redirect. */
export function lookupPath(rawPath: string): string | null {
  try {
    return normalisePath(rawPath);
  } catch {
    return null;
  }
}

/** A target is a path on this site (normalised like a source) or a full http(s) address elsewhere. */
export function normaliseTarget(input: string): string {
  const raw = input.trim();
  if (/^https?:\/\//i.test(raw)) {
    try {
      return new URL(raw).href;
    } catch {
      throw new Refusal('redirect_path', { path: input }, 'to');
    }
  }
  try {
    return normalisePath(raw);
  } catch {
    throw new Refusal('redirect_path', { path: input }, 'to');
  }
}

/**
 * The Location header: headers are ASCII, so text stored decoded is escaped again; a request's
 * query string is kept (campaign tags and the like survive the move) unless the target has its own.
 */
export function locationOf(target: string, query: string): string {
  const base = /^https?:\/\//i.test(target) ? target : encodeURI(target).replace(/%25(2F|3F|23|25)/g, '%$1');
  if (query === '' || base.includes('?')) return base;
  return `${base}?${query}`;
}

/**
 * WordPress's plain address of a post, `/?p=123`, as a redirect key. Its path is the front page,
 * so it is kept apart from normalised paths (they never hold a `?`) and looked up only for a
 * request of exactly that shape.
 */
export const wordpressIdKey = (id: string): string | null => (/^\d{1,12}$/.test(id) ? `/?p=${id}` : null);

export const articlePath = (slug: string): string => `/news/${slug}`;
