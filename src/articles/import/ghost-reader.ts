import fs from 'node:fs';
import { none } from 'stream-chain/defs.js';
import Assembler from 'stream-json/core/assembler.js';
import parser from 'stream-json/core/parser.js';

/** The export as a whole cannot be read: nothing of it is imported. */
export class GhostFileError extends Error {}

type Token = { name: string; value?: unknown };
// stream-json's core parser is a flushable function: each chunk gives its tokens, `none` ends the input.
type Feed = (chunk: string | typeof none) => AsyncIterable<Token>;

/**
 * Where a value sits in a Ghost export: `meta`, or a row of `data.<table>`, in either layout
 * (`{db: [{meta, data}]}` as Ghost Admin exports, or `{meta, data}`).
 */
export type GhostPlace = { kind: 'meta' } | { kind: 'row'; table: string };

function placeOf(path: string[]): GhostPlace | null {
  const p = path[0] === 'db' && path[1] === '0' ? path.slice(2) : path;
  if (p.length === 1 && p[0] === 'meta') return { kind: 'meta' };
  if (p.length === 3 && p[0] === 'data') return { kind: 'row', table: p[1]! };
  return null;
}

/** The first few KB: a Ghost export is a JSON object that starts with `db`, `meta` or `data`. */
export async function sniffGhost(file: string): Promise<boolean> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4096), 0, 4096, 0);
    return /^\s*\{\s*"(?:db|meta|data)"\s*:/.test(buffer.subarray(0, bytesRead).toString('utf8'));
  } finally {
    await handle.close();
  }
}

/**
 * The values of a Ghost export that `want` asks for (its meta, rows of some tables), each built
 * whole and yielded as the file is read a chunk at a time (stream-json's tokenizer): memory holds
 * one row, never the file. A file cut off or not JSON throws GhostFileError at the point it breaks.
 */
export async function* readGhost(file: string, want: (place: GhostPlace) => boolean, onBytes?: (n: number) => void): AsyncGenerator<{ place: GhostPlace; value: unknown }> {
  const feed = parser({ packValues: true, streamValues: false }) as unknown as Feed;
  // The path of open containers: an object's current key, an array's current index.
  const frames: Array<{ array: boolean; key: string; index: number }> = [];
  let asm: Assembler | null = null;
  let building: GhostPlace | null = null;
  let sawRoot = false;
  const path = () => frames.map((f) => (f.array ? String(f.index) : f.key));
  const ended = () => {
    const top = frames.at(-1);
    if (top?.array) top.index++;
  };

  function* take(token: Token): Generator<{ place: GhostPlace; value: unknown }> {
    if (asm) {
      asm.consume(token as Parameters<Assembler['consume']>[0]);
      if (asm.done) {
        yield { place: building!, value: asm.current };
        asm = null;
        building = null;
        ended();
      }
      return;
    }
    switch (token.name) {
      case 'keyValue':
        frames.at(-1)!.key = String(token.value);
        return;
      case 'startObject':
      case 'startArray': {
        if (frames.length === 0) {
          if (token.name !== 'startObject') throw new GhostFileError('is not a Ghost export: it is a JSON array, not an object with "db" or "data"');
          sawRoot = true;
        }
        const place = placeOf(path());
        if (place && want(place)) {
          asm = new Assembler();
          building = place;
          asm.consume(token as Parameters<Assembler['consume']>[0]);
          return;
        }
        frames.push({ array: token.name === 'startArray', key: '', index: 0 });
        return;
      }
      case 'endObject':
      case 'endArray':
        frames.pop();
        ended();
        return;
      default:
        ended();
    }
  }

  async function* run(chunk: string | typeof none) {
    try {
      for await (const token of feed(chunk)) yield* take(token);
    } catch (error) {
      if (error instanceof GhostFileError) throw error;
      const where = frames.length ? ` (near ${path().join('.') || 'the top object'})` : '';
      throw new GhostFileError(`is not valid JSON${where}: ${(error as Error).message}; the export may be cut off: export it again or copy the whole file`);
    }
  }

  for await (const chunk of fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 })) {
    onBytes?.(Buffer.byteLength(chunk as string));
    yield* run(chunk as string);
  }
  yield* run(none);
  if (!sawRoot) throw new GhostFileError('is empty');
}
