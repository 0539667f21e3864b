import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { PictureSource } from './picture';

/**
 * A media library image named in a file an editor writes (a campaign's YAML): `media:` and the
 * image's key, the 64 hex digits in its URLs, shown on its page in /admin/media. The key names
 * the picture itself, so the reference means the same image in every copy of the site.
 */
const REFERENCE = /^media:([0-9a-f]{64})$/;

export const MEDIA_REFERENCE_HINT = 'media: followed by the image\'s key (64 hex digits, shown on its page in /admin/media)';

/** The key of a `media:KEY` reference; null for anything else (a URL, a typo). */
export function mediaKeyOf(reference: string): string | null {
  return REFERENCE.exec(reference.trim())?.[1] ?? null;
}

/** Looks like a library reference, right or wrong: `media:` followed by anything. */
export const isMediaReference = (value: string) => value.trim().toLowerCase().startsWith('media:');

/** The library's images with these keys, by key; unknown keys are left out. One query, by the unique key. */
export async function picturesByKey(db: Kysely<Database>, keys: Iterable<string>): Promise<Map<string, PictureSource>> {
  const wanted = [...new Set(keys)];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('media').select(['key', 'format', 'width', 'height', 'alt']).where('key', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.key, r]));
}
