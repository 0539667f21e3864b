import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { summarize } from './summarize';

export interface CliIo { stdin: NodeJS.ReadableStream; stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }

const USAGE = `usage:
  paddock summarize [FILE|-] [--points N] [--lang en|ru] [--title T] [--json]
  paddock summarize --jsonl IN.jsonl --out OUT.jsonl [--points N]
`;

class UsageError extends Error {}

function parsePoints(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 10) throw new UsageError(`--points must be a whole number from 1 to 10, got "${raw}"`);
  return Number(raw);
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

async function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

/** One output object per input line; a bad line becomes an `error` line and the batch goes on. */
function summarizeLine(line: string, points: number | undefined): { out: Record<string, unknown>; ok: boolean } {
  let item: unknown;
  try {
    item = JSON.parse(line);
  } catch (e) {
    return { out: { error: `invalid JSON: ${(e as Error).message}` }, ok: false };
  }
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return { out: { error: 'line is not a JSON object' }, ok: false };
  const rec = item as Record<string, unknown>;
  const id = rec.id;
  const withId = (o: Record<string, unknown>): Record<string, unknown> => (id === undefined ? o : { id, ...o });
  if (typeof rec.text !== 'string') return { out: withId({ error: 'missing "text" (a string)' }), ok: false };
  const summary = summarize(rec.text, {
    points,
    title: typeof rec.title === 'string' ? rec.title : undefined,
    lang: typeof rec.lang === 'string' ? rec.lang : undefined,
  });
  return { out: withId({ summary: summary.points.map((p) => p.text).join('\n') }), ok: true };
}

async function runBatch(input: string, output: string, points: number | undefined): Promise<number> {
  const lines = createInterface({ input: createReadStream(input, 'utf8'), crlfDelay: Infinity });
  const out = createWriteStream(output, 'utf8');
  let failed = 0;
  try {
    for await (const line of lines) {
      if (line.trim() === '') continue;
      const { out: rec, ok } = summarizeLine(line, points);
      if (!ok) failed++;
      await write(out, JSON.stringify(rec) + '\n');
    }
  } finally {
    out.end();
    await once(out, 'close');
  }
  return failed > 0 ? 1 : 0;
}

/** `paddock summarize …`; returns the exit code (0 ok, 1 some input failed, 2 usage). */
export async function runSummarizeCommand(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        points: { type: 'string' },
        lang: { type: 'string' },
        title: { type: 'string' },
        json: { type: 'boolean' },
        jsonl: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    const { values, positionals } = parsed;
    if (values.help) {
      await write(io.stdout, USAGE);
      return 0;
    }
    const points = parsePoints(values.points);
    if (values.lang !== undefined && values.lang !== 'en' && values.lang !== 'ru') throw new UsageError(`--lang must be "en" or "ru", got "${values.lang}"`);
    if (values.jsonl !== undefined || values.out !== undefined) {
      if (values.jsonl === undefined || values.out === undefined) throw new UsageError('--jsonl and --out go together');
      if (positionals.length > 0 || values.json || values.title !== undefined || values.lang !== undefined) throw new UsageError('--jsonl takes only --out and --points');
      try {
        return await runBatch(values.jsonl, values.out, points);
      } catch (e) {
        await write(io.stderr, `summarize: ${(e as Error).message}\n`);
        return 1;
      }
    }
    if (positionals.length > 1) throw new UsageError('give at most one FILE');
    const file = positionals[0] ?? '-';
    let text: string;
    try {
      text = file === '-' ? await readAll(io.stdin) : readFileSync(file, 'utf8');
    } catch (e) {
      await write(io.stderr, `summarize: cannot read ${file}: ${(e as Error).message}\n`);
      return 1;
    }
    const summary = summarize(text, { points, lang: values.lang, title: values.title });
    if (values.json) await write(io.stdout, JSON.stringify(summary) + '\n');
    else for (const p of summary.points) await write(io.stdout, p.text.replace(/\s*\n\s*/g, ' ') + '\n');
    return 0;
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      await write(io.stderr, `summarize: ${(e as Error).message}\n${USAGE}`);
      return 2;
    }
    throw e;
  }
}
