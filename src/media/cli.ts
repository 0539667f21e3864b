import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { Refusal } from '../errors';
import { refusalLine } from '../web/refusals';
import type { MediaLibrary } from './library';
import { originalUrl } from './model';

export class MediaUsageError extends Error {}

interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/**
 * `paddock media add FILE... [--alt T] [--credit T] [--caption T]`: adds each file and prints
 * its id and URL, or what is wrong with it; the other files go on. Exit code 1 if any failed.
 * The texts apply to every file added in this run.
 */
export async function runMediaCommand(media: MediaLibrary, args: string[], io: Io, options: { siteUrl: string; now?: () => Date }): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { alt: { type: 'string' }, credit: { type: 'string' }, caption: { type: 'string' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new MediaUsageError((error as Error).message);
  }
  const [sub, ...files] = parsed.positionals;
  if (sub !== 'add') throw new MediaUsageError(sub ? `unknown media subcommand "${sub}"` : 'media needs a subcommand: add');
  if (files.length === 0) throw new MediaUsageError('media add needs at least one file: paddock media add FILE... [--alt T] [--credit T] [--caption T]');
  const now = options.now ?? (() => new Date());
  const base = options.siteUrl.replace(/\/+$/, '');
  let failed = 0;
  for (const file of files) {
    try {
      const stat = await fs.promises.stat(file).catch(() => null);
      if (!stat || !stat.isFile()) {
        io.stderr.write(`paddock: ${file}: no such file\n`);
        failed++;
        continue;
      }
      const { item, created } = await media.add({ file, name: file, actor: 'cli', alt: parsed.values.alt, credit: parsed.values.credit, caption: parsed.values.caption }, now());
      io.stdout.write(`${file}: ${created ? 'added' : 'already in the library as'} #${item.id} ${item.width}×${item.height} ${base}${originalUrl(item)}\n`);
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      // The message names the file.
      io.stderr.write(refusalLine(error));
      failed++;
    }
  }
  return failed > 0 ? 1 : 0;
}
