import fs from 'node:fs';
import os from 'node:os';
import type { Kysely } from 'kysely';
import { audit } from '../audit/audit';
import type { Config } from '../config';
import type { Database } from '../db/schema';
import { Refusal } from '../errors';
import { createLimiter, type Limiter } from './limiter';
import { localStorage } from './local-storage';
import { cropStorageKey, originalStorageKey, variantFormats, variantStorageKey, variantWidths, type CropName, type FallbackFormat, type MediaItem, type VariantFormat } from './model';
import { discard, makeCrop, makeVariants, normalise, sha256File, sizeText, type PipelineLimits } from './pipeline';
import { mediaRepository, type MediaRepository } from './repository';
import type { MediaStorage } from './storage';

/** Longest alt text, credit and caption. Alt text should be a sentence; captions may be a paragraph. */
export const TEXT_LIMITS = { alt: 500, credit: 200, caption: 2000 } as const;

export interface MediaTexts {
  alt?: string;
  credit?: string;
  caption?: string;
}

export interface MediaLibrary {
  repo: MediaRepository;
  storage: MediaStorage;
  limits: PipelineLimits;
  /**
   * Adds an image file to the library: checked, normalised, resized into every copy and stored,
   * then recorded (and audited) in one transaction. Nothing is stored when the file is refused.
   * The same file, or the same picture, again returns the existing item (`created: false`).
   * `copies: 'on-request'` leaves the resized copies to their first request (ensureVariant): for
   * many images at once, such as the demo's on a first start, where most are never looked at.
   */
  add(input: { file: string; name: string; actor: string | null; copies?: 'now' | 'on-request' } & MediaTexts, now: Date): Promise<{ item: MediaItem; created: boolean }>;
  /** Changes alt text, credit and caption (audited). */
  update(input: { id: number; actor: string | null } & Required<MediaTexts>, now: Date): Promise<MediaItem>;
  /**
   * Makes sure one copy is in storage, making it from the original if it is missing (an item
   * stored before a width was added, a lost file). False when the item has no such copy.
   */
  ensureVariant(key: string, width: number, format: VariantFormat): Promise<boolean>;
  /** The same for a cropped copy (model.ts CROPS), in the item's own fallback format. */
  ensureCrop(key: string, crop: CropName, format: FallbackFormat): Promise<boolean>;
}

/** Control characters other than newline never belong in these texts (PostgreSQL refuses NUL). */
function cleanText(text: string | undefined, field: keyof typeof TEXT_LIMITS): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = (text ?? '').replace(/\r\n?/g, '\n').replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, '').trim();
  if (cleaned.length > TEXT_LIMITS[field]) throw new Refusal('field_too_long', { field, limit: TEXT_LIMITS[field] }, field);
  return cleaned;
}

/** A file name as shown back to people: no path, no control characters, not endless. */
export function displayName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const base = name.split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (base || 'upload').slice(0, 200);
}

export function createMediaLibrary(options: { db: Kysely<Database>; storage: MediaStorage; limits: PipelineLimits; limiter?: Limiter }): MediaLibrary {
  const { db, storage, limits } = options;
  const repo = mediaRepository(db);
  // One image job at a time per core beyond the first (see limiter.ts); a few dozen may wait.
  const limiter = options.limiter ?? createLimiter(Math.max(1, os.availableParallelism() - 1), 32);

  async function hasOriginal(item: MediaItem): Promise<boolean> {
    return storage.exists(originalStorageKey(item.key, item.format));
  }

  return {
    repo,
    storage,
    limits,
    async add(input, now) {
      const name = displayName(input.name);
      const texts = { alt: cleanText(input.alt, 'alt'), credit: cleanText(input.credit, 'credit'), caption: cleanText(input.caption, 'caption') };
      const { size } = await fs.promises.stat(input.file);
      if (size === 0) throw new Refusal('media_not_image', { name }, 'file');
      // The size first: a 2 GB file is refused before it is even hashed.
      if (size > limits.maxBytes) throw new Refusal('media_too_large', { name, limit: sizeText(limits.maxBytes) }, 'file');
      const sourceSha256 = await sha256File(input.file);
      const known = await repo.findBySource(sourceSha256);
      if (known && (await hasOriginal(known))) return { item: known, created: false };

      const normalised = await limiter.run(() => normalise(input.file, name, limits));
      try {
        const same = await repo.findByKey(normalised.key);
        if (same && (await hasOriginal(same))) return { item: same, created: false };
        const variants = input.copies === 'on-request' ? [] : await limiter.run(() => makeVariants(normalised.file, normalised, {}, limits));
        // Files first, then the row: a row never points at files that are not there. Files
        // without a row (a crash in between) are harmless: their key is their content.
        await storage.put(originalStorageKey(normalised.key, normalised.format), fs.createReadStream(normalised.file));
        for (const v of variants) await storage.put(variantStorageKey(normalised.key, v.width, v.format), v.data);
        if (same) return { item: same, created: false };
        return await db.transaction().execute(async (trx) => {
          const inserted = await repo.insert(
            { key: normalised.key, sourceSha256, format: normalised.format, sourceFormat: normalised.sourceFormat, width: normalised.width, height: normalised.height, bytes: normalised.bytes, originalName: name, ...texts, createdBy: input.actor, at: now.toISOString() },
            trx,
          );
          // Null: the same picture was added by someone else meanwhile.
          if (!inserted) return { item: (await repo.findByKey(normalised.key, trx))!, created: false };
          await audit(trx, { actor: input.actor, action: 'media.add', target: `media:${inserted.id}`, details: { name, key: inserted.key, width: inserted.width, height: inserted.height } }, now);
          return { item: inserted, created: true };
        });
      } finally {
        await discard(normalised);
      }
    },

    async update(input, now) {
      const texts = { alt: cleanText(input.alt, 'alt'), credit: cleanText(input.credit, 'credit'), caption: cleanText(input.caption, 'caption') };
      return db.transaction().execute(async (trx) => {
        const before = await repo.findById(input.id, trx);
        if (!before) throw new Refusal('no_media', { id: input.id });
        if (texts.alt === '' && before.alt !== '') {
          // Published articles were allowed out with this alt text (articles/repository.ts): it stays until none relies on it.
          const user = await trx
            .selectFrom('articles')
            .select('title')
            .where('hero_media_id', '=', input.id)
            .where('status', '=', 'published')
            .where((eb) => eb.or([eb('hero_alt', 'is', null), eb('hero_alt', '=', '')]))
            .limit(1)
            .executeTakeFirst();
          if (user) throw new Refusal('media_alt_in_use', { id: input.id, title: user.title }, 'alt');
        }
        const item = (await repo.updateTexts(input.id, texts, now.toISOString(), trx))!;
        const changed = (['alt', 'credit', 'caption'] as const).filter((k) => before[k] !== item[k]);
        if (changed.length > 0) await audit(trx, { actor: input.actor, action: 'media.update', target: `media:${item.id}`, details: { changed } }, now);
        return item;
      });
    },

    async ensureVariant(key, width, format) {
      const storageKey = variantStorageKey(key, width, format);
      if (await storage.exists(storageKey)) return true;
      const item = await repo.findByKey(key);
      if (!item || !variantWidths(item.width).includes(width) || !variantFormats(item).includes(format)) return false;
      const original = await storage.get(originalStorageKey(item.key, item.format));
      if (!original) return false;
      const [variant] = await limiter.run(() => makeVariants(original, item, { widths: [width], formats: [format] }, limits));
      await storage.put(storageKey, variant!.data);
      return true;
    },

    async ensureCrop(key, crop, format) {
      const storageKey = cropStorageKey(key, crop, format);
      if (await storage.exists(storageKey)) return true;
      const item = await repo.findByKey(key);
      if (!item || item.format !== format) return false;
      const original = await storage.get(originalStorageKey(item.key, item.format));
      if (!original) return false;
      await storage.put(storageKey, await limiter.run(() => makeCrop(original, item, crop, limits)));
      return true;
    },
  };
}

/** The library as configured: files under MEDIA_DIR, limits from the configuration. */
export function mediaLibraryFromConfig(db: Kysely<Database>, config: Pick<Config, 'MEDIA_DIR' | 'MEDIA_MAX_BYTES' | 'MEDIA_MAX_PIXELS'>): MediaLibrary {
  return createMediaLibrary({ db, storage: localStorage(config.MEDIA_DIR), limits: { maxBytes: config.MEDIA_MAX_BYTES, maxPixels: config.MEDIA_MAX_PIXELS } });
}
