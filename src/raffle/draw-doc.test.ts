// docs/draw.md is the contract third parties verify against, so its worked
// example and its Python verifier are tested like code.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { captureIo } from '../../test/support/capture-io';
import { QUICKNET, ROUND } from '../../test/support/drand-rounds';
import { buildDrawRecord, commitmentOf, drawKey, entriesDigest, newSeed, sortCodes } from './draw';
import { parseDrawRecord, serializeDrawRecord, type DrawRecord } from './record';
import { runRaffleVerify } from './verify-command';
import { verifyDrawRecord } from './verify';

const doc = readFileSync(new URL('../../docs/draw.md', import.meta.url), 'utf8');

function fenced(lang: string): string[] {
  return [...doc.matchAll(new RegExp('^```' + lang + '\\n([\\s\\S]*?)^```', 'gm'))].map((m) => m[1] as string);
}

const example = parseDrawRecord(fenced('json')[0] ?? '');

describe('docs/draw.md worked example', () => {
  it('is a record that verifies and that the code reproduces from its inputs', () => {
    assert.deepEqual(verifyDrawRecord(example), { ok: true });
    const rebuilt = buildDrawRecord({
      campaign: example.campaign,
      closesAt: example.closes_at,
      seedHex: example.seed,
      beacon: example.beacon,
      entries: [...example.entries].reverse(),
      prizes: example.prizes,
      alternates: 5,
      drawnAt: example.drawn_at,
    });
    assert.deepEqual(rebuilt, example);
  });

  it('lists intermediate values and scores that match the record', () => {
    const key = drawKey(example.seed, example.beacon?.randomness ?? null, example.entries_digest);
    const expected = [
      commitmentOf(example.seed),
      entriesDigest(example.entries),
      key.toString('hex'),
      drawKey(example.seed, null, example.entries_digest).toString('hex'),
    ];
    for (const hex of expected) assert.ok(doc.includes(`| \`${hex}\` |`), `doc lists ${hex}`);

    const rows = [...doc.matchAll(/^\| (\d+) \| `([^`]+)` \| `([0-9a-f]{64})` \| (.+) \|$/gm)];
    assert.equal(rows.length, example.entries.length);
    const placed = [...example.winners.map((w) => w.code), ...example.alternates];
    for (const [, rank, code, score] of rows) {
      assert.equal(createHmac('sha256', key).update(code as string).digest('hex'), score);
      const position = placed.indexOf(code as string);
      if (position >= 0) assert.equal(Number(rank), position + 1);
    }
  });

  it('states the sorting example correctly', () => {
    const codes = ['b', 'é', 'ﬀ', '😀', 'Z', 'a'];
    assert.ok(doc.includes(`sort to \`${sortCodes(codes).join(' ')}\``));
    assert.ok(doc.includes(entriesDigest(sortCodes(codes))));
  });
});

const python = spawnSync('python3', ['--version']);
const havePython = !python.error && python.status === 0;

describe('the Python verifier printed in docs/draw.md', { skip: havePython ? false : 'python3 is not installed' }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'paddock-draw-doc-'));
  const script = path.join(dir, 'verify_draw.py');
  writeFileSync(script, fenced('python')[0] ?? '');
  after(() => rmSync(dir, { recursive: true, force: true }));

  let n = 0;
  async function both(text: string): Promise<{ ts: [number, string]; py: [number, string] }> {
    const file = path.join(dir, `record-${n++}.json`);
    writeFileSync(file, text);
    const c = captureIo();
    const code = await runRaffleVerify(file, c.io);
    const py = spawnSync('python3', [script, file], { encoding: 'utf8' });
    return { ts: [code, c.stdout()], py: [py.status ?? -1, py.stdout] };
  }

  // A real quicknet round, emitted at 2026-07-23T07:38:30Z; beacon.test.ts verifies its signature.
  const QUICKNET_ROUND = { chain: QUICKNET, ...ROUND };
  /** beacon: true = an unsigned round of an unknown chain (as records before signatures were kept), 'signed' = the real round. */
  const honest = (beacon: boolean | 'signed', entries: string[]): DrawRecord =>
    buildDrawRecord({
      campaign: 'doc-check',
      closesAt: '2025-12-01T21:00:00+03:00',
      seedHex: newSeed().toString('hex'),
      beacon: beacon === 'signed' ? QUICKNET_ROUND : beacon ? { chain: 'ab'.repeat(32), round: 12345, randomness: newSeed().toString('hex') } : null,
      entries,
      prizes: ['P1', 'P2', 'P3'],
      drawnAt: beacon === 'signed' ? '2026-07-23T08:00:00Z' : '2025-12-02T09:30:00Z',
    });
  const codes = Array.from({ length: 40 }, (_, i) => `GP-${String(i).padStart(3, '0')}-${newSeed().toString('hex').slice(0, 4)}`);
  const unicode = ['😀-1', 'ﬀ-2', 'É-3', 'E-4', 'e-5', 'Ω-6', '中-7'];

  it('accepts the worked example and honest records, like the TypeScript verifier', async () => {
    const texts = [
      fenced('json')[0] ?? '',
      serializeDrawRecord(honest(true, codes)),
      serializeDrawRecord(honest(false, codes)),
      serializeDrawRecord(honest(true, unicode)),
      serializeDrawRecord(honest('signed', codes)),
    ];
    for (const text of texts) {
      const { ts, py } = await both(text);
      assert.deepEqual(ts, [0, 'OK\n']);
      assert.deepEqual(py, ts);
    }
  });

  it('reports the same first mismatch as the TypeScript verifier on tampered records', async () => {
    const tampers: [string, (r: DrawRecord) => unknown][] = [
      ['seed', (r) => (r.seed = newSeed().toString('hex'))],
      ['upper-case commitment', (r) => (r.commitment = r.commitment.toUpperCase())],
      ['one code', (r) => (r.entries[3] = `${r.entries[3]}x`)],
      ['reversed entries', (r) => r.entries.reverse()],
      ['duplicate entry', (r) => r.entries.splice(2, 0, r.entries[2] as string)],
      ['lone surrogate', (r) => (r.entries[0] = '\uD800')],
      ['beacon randomness', (r) => r.beacon && (r.beacon.randomness = newSeed().toString('hex'))],
      ['beacon round', (r) => r.beacon && (r.beacon.round = 0)],
      ['winner', (r) => ((r.winners[2] as { code: string }).code = r.alternates[4] as string)],
      ['prize number', (r) => ((r.winners[1] as { prize: number }).prize = 3)],
      ['missing winner', (r) => r.winners.pop()],
      ['alternates order', (r) => r.alternates.reverse()],
      ['too many alternates', (r) => (r.alternates = r.entries.slice())],
      ['version', (r) => (r.version = 'paddock-draw/0')],
      ['impossible date', (r) => (r.closes_at = '2025-02-30T10:00:00Z')],
      ['drawn before close', (r) => (r.drawn_at = '2025-12-01T17:59:59.999Z')],
      ['no prizes', (r) => (r.prizes = [])],
      ['missing field', (r) => delete (r as Partial<DrawRecord>).entries_digest],
      ['wrong type', (r) => ((r as unknown as { prizes: unknown }).prizes = 'all of them')],
      ['wrong nested type', (r) => ((r.winners[0] as unknown as { code: unknown }).code = 7)],
      ['wrong beacon type', (r) => ((r as unknown as { beacon: unknown }).beacon = { chain: 'ab'.repeat(32), round: '12345', randomness: 'cd'.repeat(32) })],
      [
        'two shape problems',
        (r) => {
          (r as unknown as { version: unknown }).version = 1;
          delete (r as Partial<DrawRecord>).drawn_at;
        },
      ],
    ];
    const signedTampers: [string, (r: DrawRecord) => unknown][] = [
      ['randomness not the hash of the signature', (r) => r.beacon && (r.beacon.randomness = newSeed().toString('hex'))],
      ['signature not hex', (r) => r.beacon && (r.beacon.signature = 'zz')],
      ['round before the close', (r) => (r.closes_at = '2026-07-23T07:38:30Z')],
      ['drawn before the round', (r) => (r.drawn_at = '2026-07-23T07:38:29Z')],
      ['wrong signature type', (r) => r.beacon && ((r.beacon as unknown as { signature: unknown }).signature = 12)],
    ];
    const cases = [...tampers.map(([name, change]) => ({ name, change, base: honest(true, codes) })), ...signedTampers.map(([name, change]) => ({ name, change, base: honest('signed', codes) }))];
    for (const { name, change, base } of cases) {
      const r = structuredClone(base);
      change(r);
      const { ts, py } = await both(JSON.stringify(r));
      assert.equal(ts[0], 1, `${name}: TypeScript must reject`);
      assert.equal(py[0], 1, `${name}: Python must reject`);
      const field = (line: string) => line.split(':')[0];
      assert.equal(field(py[1]), field(ts[1]), `${name}: same field`);
      assert.equal(py[1], ts[1], `${name}: same message`);
    }
    const notAnObject = await both('["GP25-QX7M"]');
    assert.equal(notAnObject.ts[0], 1);
    assert.deepEqual(notAnObject.py, notAnObject.ts);
  });

  it('recomputes an unsorted-by-JavaScript record the same way', async () => {
    const r = honest(false, unicode);
    r.entries = [...r.entries].sort();
    const { ts, py } = await both(JSON.stringify(r));
    assert.match(ts[1], /^MISMATCH entries: /);
    assert.deepEqual(py, ts);
  });

  it('exits 2 on a file that is not JSON', async () => {
    const { ts, py } = await both('{"version": ');
    assert.equal(ts[0], 2);
    assert.equal(py[0], 2);
  });
});
