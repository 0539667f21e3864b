import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import type { RedirectInput } from './service';

/**
 * A row of a redirects file, named by its line (CSV, YAML) or position (JSON): a redirect, why
 * it could not be read, or a Ghost pattern that is passed over.
 */
export type FileRow = { line: number; input: RedirectInput } | { line: number; problem: string } | { line: number; skipped: string };

/**
 * Reads a redirects file: CSV `from,to[,status]` (a header row of those names is skipped), a
 * JSON array of `{from, to, status?}`, Ghost's `redirects.json` (`{from, to, permanent}`) or
 * Ghost's `redirects.yaml` (`301:` and `302:` maps of from → to). Ghost's `from` is a regular
 * expression; the plain-path ones (`^/old/$`, `/old/`) are taken, and a real pattern (one that
 * matches many addresses, `^/blog/(.*)$`) is passed over and listed rather than guessed at: a
 * redirect here is one address, and the others of the file are still worth having.
 */
export function readRedirectFile(name: string, text: string): FileRow[] {
  const body = text.replace(/^\uFEFF/, '');
  if (/\.ya?ml$/i.test(name)) return readYaml(body);
  if (/\.json$/i.test(name) || /^\s*[[{]/.test(body)) return readJson(body);
  return readCsv(body);
}

const GHOST_YAML = "Ghost's redirects.yaml is a 301: and a 302: section, each a map of from: to lines (301:\n  /old/: /new/)";

function readYaml(text: string): FileRow[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  if (doc.errors.length > 0) {
    const error = doc.errors[0]!;
    throw new Error(`not valid YAML (line ${error.linePos?.[0]?.line ?? '?'}: ${error.message.split('\n')[0]}): ${GHOST_YAML}`);
  }
  if (doc.contents === null) return [];
  if (!isMap(doc.contents)) throw new Error(`not a map of sections: ${GHOST_YAML}`);
  const rows: FileRow[] = [];
  const lineOf = (node: unknown) => {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    return range ? lines.linePos(range[0]).line : 0;
  };
  for (const section of doc.contents.items) {
    const line = lineOf(section.key);
    const status = Number(isScalar(section.key) ? section.key.value : NaN);
    if (status !== 301 && status !== 302) {
      rows.push({ line, problem: `"${isScalar(section.key) ? String(section.key.value) : '?'}" is not a section: ${GHOST_YAML}` });
      continue;
    }
    if (section.value === null || (isScalar(section.value) && section.value.value === null)) continue;
    if (!isMap(section.value)) {
      rows.push({ line, problem: `the ${status}: section is not a map of from: to lines` });
      continue;
    }
    for (const pair of section.value.items) {
      const at = lineOf(pair.key);
      const from = isScalar(pair.key) ? pair.key.value : null;
      const to = isScalar(pair.value) ? pair.value.value : null;
      if ((typeof from !== 'string' && typeof from !== 'number') || typeof to !== 'string') {
        rows.push({ line: at, problem: 'expected from: to, both addresses' });
        continue;
      }
      rows.push(ghostRow(at, String(from), to, status));
    }
  }
  return rows;
}

/** A Ghost redirect: its plain path taken, a pattern passed over. */
function ghostRow(line: number, from: string, to: string, status: number): FileRow {
  const source = ghostPath(from);
  if (source === null) return { line, skipped: `"${from}" is a regular expression, which a redirect here cannot be (one address each): add the addresses it stood for one by one` };
  return { line, input: { from: source, to, status } };
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
    return ghostRow(line, from, to, status ?? (permanent === false ? 302 : 301));
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
