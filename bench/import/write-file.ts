import fs from 'node:fs';

/**
 * Writes a generator's chunks to `file` as they come (waiting for the disk when its buffer is
 * full), under `file.part` until the last chunk, so that an interrupted run leaves no file that
 * a later run would take for a finished one.
 */
export async function writeChunks(file: string, chunks: Iterable<string>): Promise<void> {
  const part = `${file}.part`;
  const stream = fs.createWriteStream(part);
  const failed = new Promise<never>((_, reject) => stream.once('error', reject));
  for (const chunk of chunks) {
    if (!stream.write(chunk)) await Promise.race([new Promise<void>((r) => stream.once('drain', () => r())), failed]);
  }
  await Promise.race([new Promise<void>((r) => stream.end(() => r())), failed]);
  fs.renameSync(part, file);
}
