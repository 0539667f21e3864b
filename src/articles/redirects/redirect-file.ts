import type { RedirectInput } from './service';

/** A row of a redirects file, or why it could not be read, named by its line (CSV) or position (JSON). */
export type FileRow = { line: number; input: RedirectInput } | { line: number; problem: string };

/**
 * Reads a redirects file: CSV `from,to[,status]` (a header row of those names is skipped), a
 * JSON array of `{from, to, status?}`, or Ghost's `redirects.json` (`{from, to, permanent}`).
 * Ghost's `from` is a regular expression; only the plain-path ones (`^/old/$`, `/old/`) are
 * taken, a real pattern is reported as a bad row rather than guessed at.
 */
export function readRedirectFile(name: string, text: string): FileRow[] {
  const body = text.replace(/^\uFEFF/, '');
  if (/\.json$/i.test(name) || /^\s*[[{]/.test(body)) return readJson(body);
  return readCsv(body);
}

function readJson(text: string): FileRow[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`not valid JSON (${(error as Error).message}): a redirects file is an array of {"from": "/old", "to": "/new", "status": 301}`);
  }
  if (!Array.isArray(data)) throw new Error('a JSON redirects file is an array of {"from": "/old", "to": "/new", "status": 301} (or Ghost\'s {"from", "to", "permanent"})');
  return data.map((item: unknown, i): FileRow => {
    const line = i + 1;
    if (!item || typeof item !== 'object') return { line, problem: 'not an object with "from" and "to"' };
    const { from, to, status, permanent } = item as Record<string, unknown>;
    if (typeof from !== 'string' || typeof to !== 'string') return { line, problem: '"from" and "to" must both be text' };
    if (status !== undefined && typeof status !== 'number') return { line, problem: '"status" must be 301 or 302' };
    if (permanent !== undefined && typeof permanent !== 'boolean') return { line, problem: '"permanent" must be true or false' };
    const source = ghostPath(from);
    if (source === null) return { line, problem: `"${from}" is a regular expression; only plain paths are taken` };
    return { line, input: { from: source, to, status: status ?? (permanent === false ? 302 : 301) } };
  });
}

/** `^/old/?$` → `/old/`; null for a pattern that matches more than one path. */
function ghostPath(from: string): string | null {
  const bare = from.replace(/^\^/, '').replace(/\/?\?\$$|\$$/, (m) => (m.startsWith('/') ? '/' : '')).replace(/\\([/.-])/g, '$1');
  return /[\\^$*+?()[\]{}|]/.test(bare) ? null : bare;
}

function readCsv(text: string): FileRow[] {
  const rows: FileRow[] = [];
  const lines = text.split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    const line = i + 1;
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) continue;
    const cells = splitCsvLine(raw);
    if (cells === null) {
      rows.push({ line, problem: 'an unclosed quote' });
      continue;
    }
    if (i === 0 && cells[0]?.trim().toLowerCase() === 'from') continue;
    const [from, to, status, ...extra] = cells.map((c) => c.trim());
    if (!from || !to || extra.length > 0) {
      rows.push({ line, problem: 'expected from,to or from,to,status' });
      continue;
    }
    if (status !== undefined && status !== '' && !/^\d+$/.test(status)) {
      rows.push({ line, problem: `status "${status}" is not 301 or 302` });
      continue;
    }
    rows.push({ line, input: { from, to, status: status ? Number(status) : undefined } });
  }
  return rows;
}

/** One line of RFC 4180 CSV (no line breaks inside a cell: a path has none). */
function splitCsvLine(line: string): string[] | null {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted && c === '"' && line[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (c === ',' && !quoted) {
      cells.push(cell);
      cell = '';
    } else {
      cell += c;
    }
  }
  if (quoted) return null;
  cells.push(cell);
  return cells;
}
