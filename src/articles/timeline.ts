/**
 * A position in the reader's order of articles, `(published_at, id)`, as it travels in links
 * (`?before=` / `?after=`): the article's publication instant in milliseconds and its id. Keyset
 * pagination from it costs the same at any depth of the archive, unlike an offset.
 */
export interface Cursor {
  at: string;
  id: number;
}

const FORMAT = /^(\d{1,15})-(\d{1,12})$/;
// Instants are fixed-width ISO text (db/schema.ts): years 0000–9999 only.
const LAST_INSTANT = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export function formatCursor(c: Cursor): string {
  return `${Date.parse(c.at)}-${c.id}`;
}

/** Null when the text is not a cursor this site could have written. */
export function parseCursor(text: string): Cursor | null {
  const m = FORMAT.exec(text);
  if (!m) return null;
  const ms = Number(m[1]);
  const id = Number(m[2]);
  if (ms > LAST_INSTANT || !Number.isSafeInteger(id)) return null;
  return { at: new Date(ms).toISOString(), id };
}
