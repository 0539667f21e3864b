import type { Readable } from 'node:stream';

/**
 * Where media files live, by key (`ab/<sha256>/640.webp`). Small on purpose: the local disk
 * implements it today (local-storage.ts), and an S3-compatible store can implement the same five
 * calls later without the pipeline or the routes changing. Keys are content-addressed, so a key
 * is written once and its bytes never change: `put` of an existing key may simply overwrite it.
 */
export interface MediaStorage {
  /** Stores the bytes under the key; readers never see a partly written file. */
  put(key: string, body: Buffer | Readable): Promise<void>;
  /** The whole file, or null when there is none. For small files (the resized copies). */
  get(key: string): Promise<Buffer | null>;
  /** The file as a stream with its size (for Content-Length), or null when there is none. */
  stream(key: string): Promise<{ body: Readable; size: number } | null>;
  exists(key: string): Promise<boolean>;
  /** Removes the file; a missing one is not an error. */
  delete(key: string): Promise<void>;
}

/** Keys are ours (hashes, widths, format names), never a user's text: anything else is a bug. */
const KEY = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;

export function checkKey(key: string): string {
  if (!KEY.test(key) || key.length > 200) throw new Error(`invalid media storage key: ${key}`);
  return key;
}
