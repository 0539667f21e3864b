import { Refusal } from '../../errors';

/** A link on an author's page: their own site, a social profile. */
export interface AuthorLink {
  label: string;
  url: string;
}

export const LINK_LIMITS = { rows: 6, label: 100, url: 2000 } as const;

const HTTP = /^https?:\/\//i;
// eslint-disable-next-line no-control-regex
const SPACE_OR_CONTROL = /[\s\u0000-\u001f\u007f]/u;

/** An http(s) address as stored, or null: nothing else (javascript:, mailto:, a path) is a link here. */
export function webAddress(text: string): string | null {
  if (!HTTP.test(text) || SPACE_OR_CONTROL.test(text) || text.length > LINK_LIMITS.url) return null;
  try {
    const url = new URL(text);
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') return null;
    return url.href.length <= LINK_LIMITS.url ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * The links as typed in the form's rows (row 1 first): a row left empty is passed over; a row with
 * an address and no label is labelled with the address's host; a label without an address, or an
 * address that is not http(s), is refused naming that row's field (`link2Url`).
 */
export function checkLinks(rows: ReadonlyArray<{ label: string; url: string }>): AuthorLink[] {
  const out: AuthorLink[] = [];
  rows.forEach((row, index) => {
    const n = index + 1;
    const label = row.label.replace(/\s+/gu, ' ').trim();
    const typed = row.url.trim();
    if (label === '' && typed === '') return;
    if (typed === '') throw new Refusal('author_link_missing', { row: n }, `link${n}Url`);
    const url = webAddress(typed);
    if (!url) throw new Refusal('author_link', { row: n, url: typed.slice(0, 200) }, `link${n}Url`);
    if (label.length > LINK_LIMITS.label) throw new Refusal('field_too_long', { field: `link${n}Label`, limit: LINK_LIMITS.label }, `link${n}Label`);
    out.push({ label: label || new URL(url).host, url });
  });
  if (out.length > LINK_LIMITS.rows) throw new Refusal('field_range', { field: 'links', comparison: 'max', limit: LINK_LIMITS.rows }, 'links');
  return out;
}

/**
 * The stored links, read defensively: the column is plain JSON that a person with database access
 * could have edited, so only well-formed http(s) links come out of it.
 */
export function parseLinks(json: string): AuthorLink[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  const out: AuthorLink[] = [];
  for (const item of value) {
    if (!item || typeof item !== 'object') continue;
    const { label, url } = item as Record<string, unknown>;
    if (typeof label !== 'string' || typeof url !== 'string' || label.trim() === '') continue;
    const checked = webAddress(url);
    if (checked) out.push({ label: label.trim(), url: checked });
  }
  return out;
}
