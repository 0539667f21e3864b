import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, readFileSync } from 'node:fs';
import readline from 'node:readline';
import { createGunzip } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Article { id: string; lang: string; title: string | null; text: string; reference: string }

/** The shared data folder sits beside the repository: <repo>/../shared/data/summaries. */
export const DATA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'data', 'summaries');

export function devFiles(dir = DATA_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('-dev.jsonl')).sort().map((f) => path.join(dir, f));
}

export function readArticles(file: string): Article[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => JSON.parse(l) as Article);
}

/**
 * Deterministic 50/50 train/validation split of the DEV files by sha1 of the
 * item id: first hex digit 0-7 → train, 8-f → validation.
 */
export function splitOf(id: string): 'train' | 'validation' {
  const h = createHash('sha1').update(id).digest('hex');
  return parseInt(h[0] as string, 16) < 8 ? 'train' : 'validation';
}

export function datasetName(file: string): string {
  return path.basename(file).replace(/-dev\.jsonl$/, '');
}

/** The 1,000 CNN/DailyMail validation articles as published (cased), never trained on. */
export const CASED_VALIDATION = path.join(DATA_DIR, 'train', 'cnndm-validation-cased.jsonl.gz');

/** A gzipped JSONL file, read as a stream. */
export async function readGzipArticles(file: string): Promise<Article[]> {
  const out: Article[] = [];
  const lines = readline.createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of lines) if (line.trim()) out.push({ title: null, ...(JSON.parse(line) as Omit<Article, 'title'>) });
  return out;
}
