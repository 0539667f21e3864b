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
import { parseJsonDocument, recount, resultsFromList } from './recount';
import { runRecount } from './recount-command';
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
function python(ballots: unknown, published?: unknown, ...flags: string[]): { status: number | null; out: string } {
  const files = [ballots, published].filter((d) => d !== undefined).map((d, i) => {
    const file = path.join(dir, `${Math.random().toString(36).slice(2)}-${i}.json`);
    writeFileSync(file, typeof d === 'string' || d instanceof Uint8Array ? d : JSON.stringify(d));
    return file;
  });
  // A timeout, so that a recount that loops fails the test instead of hanging it.
  const run = spawnSync('python3', [PYTHON, ...files, ...flags], { encoding: 'utf8', timeout: 30_000 });
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

describe('the points an outside auditor raised (issue 17), by both recounts', () => {
  /** Both recounts on a list and results given as JSON text (as published) or as values; `field` is the first mismatch, or 'OK'. */
  const both = (what: string, ballots: unknown, published: unknown, field: string) => {
    const read = (d: unknown) => (typeof d === 'string' ? parseJsonDocument(d) : d);
    const ours = recount(read(ballots), published === undefined ? {} : { results: read(published) });
    assert.equal(ours.ok ? 'OK' : ours.field, field, `${what} (Paddock): ${ours.ok ? 'OK' : ours.message}`);
    const theirs = python(typeof ballots === 'string' ? ballots : JSON.stringify(ballots), typeof published === 'string' || published === undefined ? published : JSON.stringify(published));
    if (field === 'OK') assert.deepEqual(theirs, { status: 0, out: 'OK\n' }, what);
    else {
      assert.equal(theirs.status, 1, `${what} (Python): ${theirs.out}`);
      assert.match(theirs.out, new RegExp(`^MISMATCH ${field.replace(/[[\]().]/g, '\\$&')}: `), what);
    }
  };
  const resultsText = JSON.stringify(results);
  const edited = (edit: (l: BallotList & Record<string, unknown>) => void) => {
    const out = JSON.parse(listText) as BallotList & Record<string, unknown>;
    edit(out);
    return out;
  };

  it('refuse a key written twice in one object, anywhere in the list or the results (JSON.parse would keep the last)', () => {
    const twice = listText.replace('"votes":{"car":"jolion",', '"votes":{"car":"vesta","car":"jolion",');
    assert.notEqual(twice, listText);
    assert.equal(recount(JSON.parse(twice), { results }).ok, true, 'the parsed value alone hides it');
    both('a vote given twice', twice, resultsText, '(list)');
    both('an answer given twice, the second spelled with an escape', listText.replace('"answers":{"plans":"yes",', '"answers":{"plans":"no","pl\\u0061ns":"yes",'), resultsText, '(list)');
    both('a top-level field twice', listText.replace('"ballots_count": 5,', '"ballots_count": 5,\n"ballots_count": 5,'), resultsText, '(list)');
    both('a duplicate in the results', listText, resultsText.replace('"entries":5,', '"entries":5,"entries":5,'), 'results');
    both('the example as published', listText, resultsText, 'OK');
  });

  it('refuse any field the page does not list, everywhere in the list', () => {
    both('an extra top-level field', edited((l) => (l.generated_at = '2025-03-01T09:00:00.000Z')), results, 'generated_at');
    both('an entry code on a ballot', edited((l) => ((l.ballots[0] as unknown as Record<string, unknown>).entry_code = 'GP-7Q2X')), results, 'ballots[0].entry_code');
    both('a title on a category', edited((l) => ((l.categories[1] as unknown as Record<string, unknown>).title = 'SUV')), results, 'categories[1].title');
    both('a note on a disqualified ballot', edited((l) => ((l.disqualified[0] as unknown as Record<string, unknown>).note = 'same address')), results, 'disqualified[0].note');
    both('options on a rating question', edited((l) => ((l.questions[2] as unknown as Record<string, unknown>).options = ['a', 'b'])), results, 'questions[2].options');
    both('a unit on a text question', edited((l) => ((l.questions[4] as unknown as Record<string, unknown>).unit = 'words')), results, 'questions[4].unit');
    // Depth first: an element of categories comes before a later top-level field.
    both('depth first', edited((l) => {
      (l.categories[1] as unknown as Record<string, unknown>).title = 'SUV';
      l.ballots_count = 'five' as never;
    }), results, 'categories[1].title');
  });

  it('walk votes and answers in code point order, not the document order nor JavaScript\'s (numeric-looking keys first)', () => {
    const text = listText.replace('"votes":{"car":"jolion","suv":"tank-300"}', '"votes":{"car":"nobody","9":"x","10":"y","suv":"tank-300"}');
    assert.deepEqual(Object.keys((JSON.parse(text) as BallotList).ballots[0]!.votes), ['9', '10', 'car', 'suv'], "JavaScript's own order");
    both('three unknown categories', text, resultsText, 'ballots[0].votes.10');
  });

  it('refuse ballots_count written with a fraction or an exponent', () => {
    for (const spelled of ['5.0', '5e0', '0.5e1']) both(`ballots_count ${spelled}`, listText.replace('"ballots_count": 5,', `"ballots_count": ${spelled},`), resultsText, 'ballots_count');
  });

  it('refuse a frozen_at that is no real instant, and accept a real leap day', () => {
    for (const at of ['2025-02-29T09:00:00.000Z', '2025-04-31T09:00:00.000Z', '2025-13-01T09:00:00.000Z', '2025-03-01T24:00:00.000Z', '2025-03-01T09:00:60.000Z', '1900-02-29T09:00:00.000Z']) {
      both(at, resealed(changeFrozenAt(list, at)), undefined, 'frozen_at');
    }
    both('2024-02-29', resealed(changeFrozenAt(list, '2024-02-29T23:59:59.999Z')), undefined, 'OK');
    both('2000-02-29', resealed(changeFrozenAt(list, '2000-02-29T00:00:00.000Z')), undefined, 'OK');
  });

  it('refuse a number question whose bins cannot be drawn: bounds that overflow, or widths that add nothing (no loop)', () => {
    for (const [range, integer] of [[[1e300, 1.5e300], false], [[1e17, 1e17 + 16], false], [[1e17, 1e17 + 16], true]] as const) {
      both(`${range.join('…')} integer ${integer}`, resealed(redefineQuestion(list, 'age', { id: 'age', type: 'number', min: range[0], max: range[1], integer })), undefined, 'questions[3]');
    }
  });

  it('count both ends of min…max in', () => {
    const withAge = (age: string) => resealed(edited((l) => (l.ballots[1]!.answers.age = age)));
    both('the max', withAge('80'), undefined, 'OK');
    both('the min', withAge('18'), undefined, 'OK');
    both('past the max', withAge('81'), undefined, 'ballots[1].answers.age');
  });

  it('compare the results strictly: ci95 a pair, no unit null for a question without one, mean and median null (not absent) with no answers', () => {
    const triple = JSON.parse(resultsText) as typeof results;
    (triple.categories[0]!.nominees[0]!.ci95 as number[]).push(0.9);
    both('a third interval end', listText, triple, 'results.categories[0].nominees[0].ci95');
    // No unit and no age answered: results publish no unit field, and null mean and median.
    const bare = resealed(edited((l) => {
      l.questions[3] = { id: 'age', type: 'number', min: 18, max: 80, integer: true };
      for (const b of l.ballots) delete b.answers.age;
    }));
    const tied = { campaign: bare.campaign, ballots_digest: bare.ballots_digest, ...resultsFromList(bare) };
    const age = () => (JSON.parse(JSON.stringify(tied)) as { questions: Array<Record<string, unknown>> });
    assert.equal(tied.questions[3]!.type === 'number' && tied.questions[3]!.mean, null);
    both('as published', bare, tied, 'OK');
    const withNull = age();
    withNull.questions[3]!.unit = null;
    both('unit null', bare, withNull, 'results.questions[3].unit');
    const noMean = age();
    delete noMean.questions[3]!.mean;
    both('mean absent', bare, noMean, 'results.questions[3].mean');
    const noMedian = age();
    delete noMedian.questions[3]!.median;
    both('median absent', bare, noMedian, 'results.questions[3].median');
  });

  it('exit 2 on a list that is not JSON or not UTF-8, by `paddock campaign recount` and by the Python recount', async () => {
    const inputs: Array<[string, string | Uint8Array]> = [
      ['not JSON', listText.slice(0, -3)],
      ['invalid UTF-8', Buffer.concat([Buffer.from(listText.replace('"years"', '"y')), Buffer.from([0xff, 0xfe]), Buffer.from(listText.slice(listText.indexOf('"years"') + 2))])],
      ['NaN', listText.replace('"max":80', '"max":NaN')],
      ['a byte order mark', `\ufeff${listText}`],
    ];
    for (const [what, bytes] of inputs) {
      const file = path.join(dir, `unreadable-${what.replace(/ /g, '-')}.json`);
      writeFileSync(file, bytes);
      let err = '';
      const status = await runRecount([file], { stdout: { write: () => true }, stderr: { write: (c: string) => (err += c) } });
      assert.equal(status, 2, `${what}: ${err}`);
      assert.match(err, /cannot read/, what);
      assert.equal(python(bytes).status, 2, what);
    }
  });
});
