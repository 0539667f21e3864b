import fs from 'node:fs/promises';
import path from 'node:path';

export const IMPORTABLE = new Set(['.md', '.markdown', '.json', '.jsonl', '.ndjson', '.xml']);

/** WordPress exports are often gzipped: `.xml.gz` (extname alone would say `.gz`). */
export const isImportable = (name: string) => IMPORTABLE.has(path.extname(name).toLowerCase()) || name.toLowerCase().endsWith('.xml.gz');

/**
 * The importable files under the given paths, found lazily: one folder's names at a time,
 * sorted so that runs are repeatable, never the whole tree's list in memory. A path that does
 * not exist is yielded as it is, for the importer to report.
 */
export async function* walkFiles(paths: string[]): AsyncGenerator<{ file: string; size: number; named?: boolean }> {
  for (const p of paths) {
    const stat = await fs.stat(p).catch(() => null);
    if (!stat) yield { file: p, size: 0, named: true };
    else if (stat.isDirectory()) yield* walkFolder(p);
    else yield { file: p, size: stat.size, named: true };
  }
}

async function* walkFolder(dir: string): AsyncGenerator<{ file: string; size: number }> {
  const entries = (await fs.readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) yield* walkFolder(full);
    else if (e.isFile() && isImportable(e.name)) yield { file: full, size: (await fs.stat(full)).size };
  }
}

/** How much there is to import (for the progress bar's percentage and ETA): one lazy walk. */
export async function measure(paths: string[]): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  for await (const f of walkFiles(paths)) {
    files++;
    bytes += f.size;
  }
  return { files, bytes };
}
