// docs/recount.md is the contract third parties recount against: its worked example is checked
// like code, and test/support/recount.py, written from the page alone, must agree with Paddock.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { addBallot, addNominee, addOption, changeFrozenAt, changeInterval, changeVote, dropBallot, redefineQuestion, resealed, retied } from '../../test/support/ballot-tampering';
import { canonicalBallotText, ballotsDigest, plainDecimal, type BallotList } from './ballot-list';
import { ballotCheckIdOf, newBallotSecret, parseBallotSecret } from './ballot-secret';
import { recount, resultsFromList } from './recount';
import { decimalExponent, numberBins, powerOfTen, type CampaignResults } from './results';

const doc = readFileSync(new URL('../../docs/recount.md', import.meta.url), 'utf8');
const fenced = (lang: string) => [...doc.matchAll(new RegExp('^```' + lang + '\\n([\\s\\S]*?)^```', 'gm'))].map((m) => m[1] as string);
const listText = fenced('json')[0]!;
const list = JSON.parse(listText) as BallotList;
const results = JSON.parse(fenced('json')[1]!) as CampaignResults & { campaign: string; ballots_digest: string };
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

  it('gives the canonical text and digest the page shows, definitions included', () => {
    const shown = fenced('text')[0]!.replace(/→/g, '\t');
    assert.equal(canonicalBallotText(list), shown);
    assert.ok(shown.startsWith(`paddock-ballots/1\tgrand-prix-2025\t${list.frozen_at}\ncategory\tcar\tvesta,monjaro,jolion\n`));
    assert.ok(shown.includes('question\tage\tnumber\t18\t80\ttrue\tyears\n'));
    assert.equal(results.ballots_digest, list.ballots_digest, 'the example results name the example list');
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

describe('the bins', () => {
  it('use the double nearest to 10^k, found by comparing with the powers themselves', () => {
    for (let k = -30; k <= 30; k++) {
      const p = powerOfTen(k);
      assert.equal(p, Number(`1e${k}`));
      assert.equal(decimalExponent(p), k, `P(${k})`);
      const below = p - p * Number.EPSILON;
      assert.equal(decimalExponent(below < p ? below : p / 2), k - 1, `just below P(${k})`);
    }
    assert.notEqual(10 ** -4, powerOfTen(-4), 'the case the page warns about');
    assert.deepEqual(numberBins({ min: 0, max: 0.001, integer: false }).map((b) => b.from).slice(0, 3), [0, 0.0001, 0.0002]);
  });

  it('are never none: an integer question allows a whole number', () => {
    assert.equal(numberBins({ min: 0.5, max: 1.5, integer: true }).length, 1);
    assert.ok(doc.includes('`B ≥ 1`'));
  });
});

describe('the Python recount written from the page', () => {
  it('computes every figure Paddock computes, on random lists', () => {
    // Ranges whose bins need P(k) exactly (k = -4, -5 are where 10 ** k is off), small integer
    // ranges, negative and huge ones.
    const ranges: Array<{ min: number; max: number; integer: boolean }> = [
      { min: 18, max: 80, integer: true },
      { min: 0, max: 0.001, integer: false },
      { min: -0.00001, max: 0.00003, integer: false },
      { min: -7.5, max: 12.5, integer: true },
      { min: 0, max: 1e9, integer: true },
      { min: 0.2, max: 0.2004, integer: false },
    ];
    for (let round = 0; round < ranges.length; round++) {
      const range = ranges[round]!;
      const age = (i: number) => {
        let x = range.min + ((range.max - range.min) * ((i * 37) % 101)) / 100;
        if (range.integer) x = Math.min(Math.floor(range.max), Math.max(Math.ceil(range.min), Math.round(x)));
        return plainDecimal(Math.min(range.max, Math.max(range.min, x)));
      };
      const sources = Array.from({ length: 40 + round * 17 }, (_, i) => ({
        id: ballotCheckIdOf(newBallotSecret()),
        votes: i % 7 === 0 ? {} : { car: list.categories[0]!.nominees[(i * 7 + round) % 3]!, ...(i % 3 ? { suv: list.categories[1]!.nominees[i % 2]! } : {}) },
        answers: {
          ...(i % 4 ? { plans: i % 5 ? 'yes' : 'no' } : {}),
          ...(i % 6 ? { brands: ['haval', 'kia', 'lada'].filter((_, k) => (i >> k) & 1).sort() } : {}),
          rate: String(1 + ((i * 3 + round) % 10)),
          ...(i % 2 ? { age: age(i) } : {}),
          ...(i % 5 === 1 ? { wish: 'answered' } : {}),
        },
      }));
      for (const s of sources) if (Array.isArray(s.answers.brands) && s.answers.brands.length === 0) delete (s.answers as Record<string, unknown>).brands;
      const defined = redefineQuestion(list, 'age', { id: 'age', type: 'number', ...range, unit: 'years' });
      const random = resealed({ ...defined, ballots: sources.sort((a, b) => (a.id < b.id ? -1 : 1)) as BallotList['ballots'] });
      const ours = resultsFromList(random);
      const tied = { campaign: random.campaign, ballots_digest: random.ballots_digest, ...ours };
      assert.deepEqual(recount(random, { results: tied }).ok, true);
      const theirs = python(random, undefined, '--print');
      assert.equal(theirs.status, 0, theirs.out);
      const strip = (r: CampaignResults) =>
        JSON.parse(JSON.stringify(r, (k, v: unknown) => (k === 'title' || k === 'text' || k === 'label' ? undefined : v))) as unknown;
      assert.deepEqual(JSON.parse(theirs.out), strip(ours));
      assert.deepEqual(python(random, tied), { status: 0, out: 'OK\n' });
    }
  });

  it('names the same first difference as Paddock on tampered lists', () => {
    const added = resealed(addBallot(list, { votes: { car: 'jolion' }, answers: {} }));
    const withAge = (age: string) => {
      const out = JSON.parse(listText) as BallotList;
      out.ballots[1]!.answers.age = age;
      return out;
    };
    const cases: Array<[string, BallotList, unknown, string]> = [
      ['a changed vote', changeVote(list, 'car'), results, 'ballots_digest'],
      ['a changed vote, resealed', resealed(changeVote(list, 'car')), results, 'results.ballots_digest'],
      ['a changed vote, resealed and re-tied', resealed(changeVote(list, 'car')), retied(results, resealed(changeVote(list, 'car'))), 'results.categories[0].nominees[0].votes'],
      ['a dropped ballot', dropBallot(list, 1), results, 'ballots_count'],
      ['a dropped ballot, resealed and re-tied', resealed(dropBallot(list, 1)), retied(results, resealed(dropBallot(list, 1))), 'results.entries'],
      ['an added ballot, resealed and re-tied', added, retied(results, added), 'results.entries'],
      ['a changed interval', list, changeInterval(results), 'results.categories[0].nominees[0].ci95[0]'],
      ['results of another campaign', list, { ...results, campaign: 'other' }, 'results.campaign'],
      ['results without their list', list, (({ ballots_digest: _, ...rest }) => rest)(results), 'results.ballots_digest'],
      ['a ninth reason code', { ...list, disqualified: [{ ...list.disqualified[0]!, reason: 'spite' }] }, results, 'disqualified[0].reason'],
      ['a longer spelling of a number', withAge('61.0'), results, 'ballots[1].answers.age'],
      ['a decimal that is not the shortest', withAge('0.10000000000000001'), results, 'ballots[1].answers.age'],
      ['a fraction for an integer question', withAge('61.5'), results, 'ballots[1].answers.age'],
      ['an integer question with no whole number', redefineQuestion(list, 'age', { id: 'age', type: 'number', min: 0.2, max: 0.8, integer: true }), results, 'questions[3]'],
      ['a unit with a TAB', redefineQuestion(list, 'age', { id: 'age', type: 'number', min: 18, max: 80, integer: true, unit: 'ye\tars' }), results, 'questions[3].unit'],
      ['another rating scale', redefineQuestion(list, 'rate', { id: 'rate', type: 'rating', min: 0, max: 10 } as never), results, 'questions[2]'],
      ['frozen_at in another form', changeFrozenAt(list, '2025-03-01T09:00:00Z'), results, 'frozen_at'],
      ['votes not an object', { ...list, ballots: [{ ...list.ballots[0]!, votes: [] as never }, ...list.ballots.slice(1)] }, results, 'ballots'],
    ];
    // Every definition is in the digest: changed, the published digest no longer matches; resealed,
    // the digest published at the freeze (or the results tied to it) still gives it away.
    for (const [what, forged] of [
      ['a nominee added', addNominee(list, 'car')],
      ['an option added', addOption(list, 'brands')],
      ['a rating question turned into a number question with new bins', redefineQuestion(list, 'rate', { id: 'rate', type: 'number', min: 0, max: 50, integer: false })],
      ['a number question given another range', redefineQuestion(list, 'age', { id: 'age', type: 'number', min: 0, max: 100, integer: true, unit: 'years' })],
      ['a number question no longer integer', redefineQuestion(list, 'age', { id: 'age', type: 'number', min: 18, max: 80, integer: false, unit: 'years' })],
      ['a unit changed', redefineQuestion(list, 'age', { id: 'age', type: 'number', min: 18, max: 80, integer: true, unit: 'months' })],
      ['the nominees reordered (ties follow the order)', { ...list, categories: [{ id: 'car', nominees: ['vesta', 'jolion', 'monjaro'] }, list.categories[1]!] }],
      ['frozen_at changed', changeFrozenAt(list, '2025-03-02T09:00:00.000Z')],
    ] as Array<[string, BallotList]>) {
      assert.notEqual(ballotsDigest(forged), list.ballots_digest, what);
      cases.push([what, forged, results, 'ballots_digest']);
      cases.push([`${what}, resealed, with the results`, resealed(forged), results, 'results.ballots_digest']);
      const ours = recount(resealed(forged), { publishedDigest: list.ballots_digest });
      assert.equal(ours.ok === false && ours.field, 'ballots_digest', what);
      const theirs = python(resealed(forged), undefined, '--digest', list.ballots_digest);
      assert.equal(theirs.status, 1, what);
      assert.match(theirs.out, /^MISMATCH ballots_digest: not the digest published at the freeze/, what);
    }
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
