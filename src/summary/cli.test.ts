import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, test } from 'node:test';
import { captureIo } from '../../test/support/capture-io';
import { runSummarizeCommand } from './cli';

const dir = mkdtempSync(path.join(tmpdir(), 'paddock-summarize-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const ARTICLE =
  'The Zvezda carmaker will build an electric pickup at its Kaluga plant next year. The pickup will have a range of 420 km. ' +
  'The plant will hire 1,200 workers. Production should reach 20,000 vehicles a year by 2027. Analysts said demand is still small. ' +
  'Zvezda shares rose 4% after the announcement.';

async function run(argv: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  const c = captureIo();
  const code = await runSummarizeCommand(argv, { stdin: Readable.from([stdin]), ...c.io });
  return { code, out: c.stdout(), err: c.stderr() };
}

test('summarizes a file, one point a line', async () => {
  const file = path.join(dir, 'a.txt');
  writeFileSync(file, ARTICLE);
  const r = await run([file, '--points', '2']);
  assert.equal(r.code, 0);
  const lines = r.out.trim().split('\n');
  assert.equal(lines.length, 2);
  for (const l of lines) assert.ok(ARTICLE.includes(l));
});

test('reads stdin and prints JSON with offsets into the input', async () => {
  const r = await run(['-', '--json', '--points', '3', '--lang', 'en'], ARTICLE);
  assert.equal(r.code, 0);
  const json = JSON.parse(r.out) as { lang: string; points: { text: string; start: number; end: number; sentence: number }[] };
  assert.equal(json.lang, 'en');
  assert.equal(json.points.length, 3);
  for (const p of json.points) assert.equal(ARTICLE.slice(p.start, p.end), p.text);
});

test('batch mode keeps input order, reports bad lines and goes on', async () => {
  const input = path.join(dir, 'in.jsonl');
  const output = path.join(dir, 'out.jsonl');
  writeFileSync(
    input,
    [
      JSON.stringify({ id: 'a', text: ARTICLE }),
      '{not json',
      JSON.stringify({ id: 'b', title: 'x' }),
      JSON.stringify({ id: 'c', text: 'Москва, 1 дек - РИА Новости. Завод начнет выпуск пикапов. Работников наймут весной.', lang: 'ru' }),
    ].join('\n') + '\n',
  );
  const r = await run(['--jsonl', input, '--out', output, '--points', '2']);
  assert.equal(r.code, 1);
  const lines = readFileSync(output, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.equal(lines.length, 4);
  assert.equal(lines[0]?.id, 'a');
  assert.equal(String(lines[0]?.summary).split('\n').length, 2);
  assert.equal(lines[1]?.id, undefined);
  assert.match(String(lines[1]?.error), /JSON/);
  assert.equal(lines[2]?.id, 'b');
  assert.match(String(lines[2]?.error), /text/);
  assert.equal(lines[3]?.id, 'c');
  assert.ok(!String(lines[3]?.summary).includes('РИА'));
});

test('a clean batch exits 0', async () => {
  const input = path.join(dir, 'ok.jsonl');
  const output = path.join(dir, 'ok-out.jsonl');
  writeFileSync(input, `${JSON.stringify({ id: 1, text: ARTICLE })}\n`);
  assert.equal((await run(['--jsonl', input, '--out', output])).code, 0);
  assert.equal(readFileSync(output, 'utf8').trim().split('\n').length, 1);
});

test('bad flags print usage and exit 2', async () => {
  for (const argv of [['--points', 'many'], ['--points', '11'], ['--lang', 'fr'], ['--bogus'], ['--jsonl', 'x.jsonl'], ['a', 'b']]) {
    const r = await run(argv);
    assert.equal(r.code, 2, argv.join(' '));
    assert.match(r.err, /usage:/);
  }
});

test('a missing file is an error, not a crash', async () => {
  const r = await run([path.join(dir, 'nope.txt')]);
  assert.equal(r.code, 1);
  assert.match(r.err, /cannot read/);
});
