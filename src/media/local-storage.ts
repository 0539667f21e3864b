import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { checkKey, type MediaStorage } from './storage';

/**
 * Media on the local disk under `MEDIA_DIR`. A file is written beside its final name and renamed
 * into place, so a crash or a failed upload leaves no half-written file under a real key.
 */
export function localStorage(dir: string): MediaStorage {
  const root = path.resolve(dir);
  const tmpDir = path.join(root, '.tmp');
  const pathOf = (key: string) => path.join(root, ...checkKey(key).split('/'));

  async function read(key: string): Promise<Buffer | null> {
    try {
      return await fs.promises.readFile(pathOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  return {
    async put(key, body) {
      const target = pathOf(key);
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      await fs.promises.mkdir(tmpDir, { recursive: true });
      const temp = path.join(tmpDir, `${crypto.randomBytes(8).toString('hex')}.part`);
      try {
        if (Buffer.isBuffer(body)) await fs.promises.writeFile(temp, body);
        else await pipeline(body, fs.createWriteStream(temp));
        await fs.promises.rename(temp, target);
      } catch (error) {
        await fs.promises.rm(temp, { force: true });
        throw error;
      }
    },
    get: read,
    async stream(key) {
      let handle: fs.promises.FileHandle;
      try {
        handle = await fs.promises.open(pathOf(key), 'r');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
      // Size and stream from one open file: a rename meanwhile cannot make them disagree.
      const { size } = await handle.stat();
      const body: Readable = handle.createReadStream();
      return { body, size };
    },
    async exists(key) {
      try {
        await fs.promises.access(pathOf(key));
        return true;
      } catch {
        return false;
      }
    },
    async delete(key) {
      await fs.promises.rm(pathOf(key), { force: true });
    },
  };
}
