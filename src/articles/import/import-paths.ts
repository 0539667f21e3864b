import fs from 'node:fs/promises';
import path from 'node:path';
import type { ArticleInput } from '../model';
import type { ArticlesRepository } from '../repository';
import { ImportFieldError, parseArticleFile } from './parse-article';

const EXTENSIONS = new Set(['.md', '.markdown', '.json', '.jsonl', '.ndjson']);

export type FileOutcome =
  | { file: string; ok: true; articles: Array<{ slug: string; created: boolean; changed: boolean }> }
  | { file: string; ok: false; field: string; message: string };

/** Expands folders (recursively, sorted, so runs are repeatable) into importable files. */
export async function collectFiles(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    const stat = await fs.stat(p).catch(() => null);
    if (!stat) {
      out.push(p); // reported as unreadable by importFiles
    } else if (stat.isDirectory()) {
      const entries = await fs.readdir(p, { recursive: true, withFileTypes: true });
      const files = entries
        .filter((e) => e.isFile() && EXTENSIONS.has(path.extname(e.name).toLowerCase()))
        .map((e) => path.join(e.parentPath, e.name))
        .sort();
      out.push(...files);
    } else {
      out.push(p);
    }
  }
  return out;
}

/**
 * Each file is all-or-nothing: its articles are validated first and saved in one transaction.
 * A slug seen in an earlier file of the same run fails the later file.
 */
export async function importFiles(files: string[], repo: ArticlesRepository, timeZone: string): Promise<FileOutcome[]> {
  const seen = new Map<string, string>();
  const outcomes: FileOutcome[] = [];
  for (const file of files) {
    let inputs: ArticleInput[];
    try {
      const text = await fs.readFile(file, 'utf8');
      inputs = parseArticleFile(file, text, timeZone);
      const inFile = new Set<string>();
      for (const input of inputs) {
        const earlier = seen.get(input.slug);
        if (earlier || inFile.has(input.slug)) {
          throw new ImportFieldError('slug', `"${input.slug}" is already used by ${earlier ?? 'another article in this file'} in this import`);
        }
        inFile.add(input.slug);
      }
    } catch (error) {
      outcomes.push(failure(file, error));
      continue;
    }
    try {
      const results = await repo.saveMany(inputs);
      for (const input of inputs) seen.set(input.slug, file);
      outcomes.push({ file, ok: true, articles: results.map((r) => ({ slug: r.article.slug, created: r.created, changed: r.changed })) });
    } catch (error) {
      outcomes.push(failure(file, error));
    }
  }
  return outcomes;
}

function failure(file: string, error: unknown): FileOutcome {
  if (error instanceof ImportFieldError) return { file, ok: false, field: error.field, message: error.message };
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES') return { file, ok: false, field: 'file', message: `cannot be read (${code})` };
  return { file, ok: false, field: 'file', message: (error as Error).message };
}

export function formatOutcome(o: FileOutcome): string {
  if (!o.ok) return `error  ${o.file}: ${o.field}: ${o.message}`;
  return o.articles.map((a) => `${a.created ? 'added  ' : a.changed ? 'updated' : 'same   '}${' '}${o.file}: ${a.slug}`).join('\n');
}
