// docs/recount.md is the contract third parties recount against: its worked example is checked
// like code, and test/support/recount.py, written from the page alone, must agree with Paddock.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { addBallot, changeInterval, changeVote, dropBallot, resealed } from '../../test/support/ballot-tampering';
import { canonicalBallotText, ballotsDigest, plainDecimal, type BallotList } from './ballot-list';
import { ballotCheckIdOf, newBallotSecret, parseBallotSecret } from './ballot-secret';
import { recount, resultsFromList } from './recount';
import type { CampaignResults } from './results';

const doc = readFileSync(new URL('../../docs/recount.md', import.meta.url), 'utf8');
const fenced = (lang: string) => [...doc.matchAll(new RegExp('^```' + lang + '\\n([\\s\\S]*?)^```', 'gm'))].map((m) => m[1] as string);
const listText = fenced('json')[0]!;
const list = JSON.parse(listText) as BallotList;
const results = JSON.parse(fenced('json')[1]!) as CampaignResults;
const PYTHON = new URL('../../test/support/recount.py', import.meta.url).pathname;
const dir = mkdtempSync(path.join(tmpdir(), 'paddock-recount-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the Python recount on these documents. */
export function python(ballots: unknown, published?: unknown, ...flags: string[]): { status: number | null; out: string } {
  const files = [ballots, published].filter((d) => d !== undefined).map((d, i) => {
    const file = path.join(dir, `${Math.random().toString(36).slice(2)}-${i}.json`);
    writeFileSync(file, typeof d === 'string' ? d : JSON.stringify(d));
    return file;
  });
  const run = spawnSync('python3', [PYTHON, ...files, ...flags], { encoding: 'utf8' });
  return { status: run.status, out: run.stdout + run.stderr };
}

describe('docs/recount.md worked example', () => {
  it('recounts to the published results, by Paddock and by the Python recount', () => {
    assert.deepEqual(recount(list, { results }).ok, true);
    assert.deepEqual(python(listText, results), { status: 0, out: 'OK\n' });
  });

  it('gives the canonical text and digest the page shows', () => {
    const shown = fenced('text')[0]!.replace(/→/g, '\t');
    assert.equal(canonicalBallotText(list), shown);
    assert.equal(ballotsDigest(list), list.ballots_digest);
    assert.ok(doc.includes(`is\n\`${list.ballots_digest}\``));
  });

  it('lists secrets whose SHA-256 are the ids in the list', () => {
    const rows = [...doc.matchAll(/^\| `([2-9A-Z-]{29})` \| `([0-9a-f]{64})`/gm)];
    assert.equal(rows.length, 6);
    const ids = new Set([...list.ballots.map((b) => b.id), ...list.disqualified.map((d) => d.id)]);
    for (const [, secret, id] of rows) {
      assert.equal(parseBallotSecret(secret!.toLowerCase().replace(/-/g, ' ')), secret);
      assert.equal(ballotCheckIdOf(secret!), id);
      assert.ok(ids.has(id!), `${id} is in the list`);
    }
  });

  it('works the hand-computed figures correctly', () => {
    for (const figure of ['3.841458881296', '1.7682917762592', '0.55654', '0.32582', '[0.2307, 0.8824]', '[0.3006, 0.9544]', '0.6667', '41.75', '39.5']) {
      assert.ok(doc.includes(figure), figure);
    }
    const z = 1.959964;
    const z2 = z * z;
    assert.equal(z2, 3.841458881296);
    assert.equal(1 + z2 / 5, 1.7682917762592);
  });
});

describe('the Python recount written from the page', () => {
  it('computes every figure Paddock computes, on random lists', () => {
    for (let round = 0; round < 5; round++) {
      const sources = Array.from({ length: 40 + round * 17 }, (_, i) => ({
        id: ballotCheckIdOf(newBallotSecret()),
        votes: i % 7 === 0 ? {} : { car: list.categories[0]!.nominees[(i * 7 + round) % 3]!, ...(i % 3 ? { suv: list.categories[1]!.nominees[i % 2]! } : {}) },
        answers: {
          ...(i % 4 ? { plans: i % 5 ? 'yes' : 'no' } : {}),
          ...(i % 6 ? { brands: ['haval', 'kia', 'lada'].filter((_, k) => (i >> k) & 1).sort() } : {}),
          rate: String(1 + ((i * 3 + round) % 10)),
          ...(i % 2 ? { age: plainDecimal(18 + ((i * 13) % 63)) } : {}),
          ...(i % 5 === 1 ? { wish: 'answered' } : {}),
        },
      }));
      for (const s of sources) if (Array.isArray(s.answers.brands) && s.answers.brands.length === 0) delete (s.answers as Record<string, unknown>).brands;
      const random = resealed({ ...list, ballots: sources.sort((a, b) => (a.id < b.id ? -1 : 1)) as BallotList['ballots'] });
      const ours = resultsFromList(random);
      assert.deepEqual(recount(random, { results: ours }).ok, true);
      const theirs = python(random, undefined, '--print');
      assert.equal(theirs.status, 0, theirs.out);
      const strip = (r: CampaignResults) =>
        JSON.parse(JSON.stringify(r, (k, v: unknown) => (k === 'title' || k === 'text' || k === 'label' || k === 'unit' ? undefined : v))) as unknown;
      assert.deepEqual(JSON.parse(theirs.out), strip(ours));
      assert.deepEqual(python(random, ours), { status: 0, out: 'OK\n' });
    }
  });

  it('names the same first difference as Paddock on tampered lists', () => {
    const cases: Array<[string, BallotList, unknown, string]> = [
      ['a changed vote', changeVote(list, 'car'), results, 'ballots_digest'],
      ['a changed vote, resealed', resealed(changeVote(list, 'car')), results, 'results.categories[0].nominees[0].votes'],
      ['a dropped ballot', dropBallot(list, 1), results, 'ballots_count'],
      ['a dropped ballot, resealed', resealed(dropBallot(list, 1)), results, 'results.entries'],
      ['an added ballot, resealed', resealed(addBallot(list, { votes: { car: 'jolion' }, answers: {} })), results, 'results.entries'],
      ['a changed interval', list, changeInterval(results), 'results.categories[0].nominees[0].ci95[0]'],
    ];
    for (const [what, forged, published, field] of cases) {
      const ours = recount(forged, { results: published });
      assert.equal(ours.ok, false, what);
      if (!ours.ok) assert.equal(ours.field, field, `${what}: ${ours.message}`);
      const theirs = python(forged, published);
      assert.equal(theirs.status, 1, what);
      assert.match(theirs.out, new RegExp(`^MISMATCH ${field.replace(/[[\].]/g, '\\$&')}: `), what);
    }
  });
});
