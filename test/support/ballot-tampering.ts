// Ways to forge a published ballot list or its results, for the recount tests. Each returns a
// changed deep copy; `resealed` also recomputes the list's own digest, as a careful forger would,
// so that only the results (or the digest published at the freeze) can give it away.
import { ballotsDigest, type Ballot, type BallotList } from '../../src/grandprix/ballot-list';

const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

export function resealed(list: BallotList): BallotList {
  return { ...list, ballots_count: list.ballots.length, ballots_digest: ballotsDigest(list) };
}

/** The first ballot that votes in `category` now votes for another of its nominees. */
export function changeVote(list: BallotList, category: string): BallotList {
  const out = copy(list);
  const nominees = out.categories.find((c) => c.id === category)!.nominees;
  const ballot = out.ballots.find((b) => b.votes[category] !== undefined)!;
  ballot.votes[category] = nominees.find((n) => n !== ballot.votes[category])!;
  return out;
}

export function dropBallot(list: BallotList, index = 0): BallotList {
  const out = copy(list);
  out.ballots.splice(index, 1);
  return out;
}

/** A ballot nobody cast, slipped in at its sorted place. */
export function addBallot(list: BallotList, ballot: Omit<Ballot, 'id'>, id = 'f'.repeat(64)): BallotList {
  const out = copy(list);
  out.ballots.push({ id, ...copy(ballot) });
  out.ballots.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return out;
}

/** The published results with the first nominee's interval widened. */
export function changeInterval<R extends { categories: Array<{ nominees: Array<{ ci95: [number, number] }> }> }>(results: R): R {
  const out = copy(results);
  const n = out.categories[0]!.nominees[0]!;
  n.ci95 = [Math.max(0, Number((n.ci95[0] - 0.01).toFixed(4))), n.ci95[1]];
  return out;
}

/** The results re-signed for a forged list, as a careful forger would: they now name its digest. */
export function retied<R extends object>(results: R, list: Pick<BallotList, 'ballots_digest'>): R {
  return { ...copy(results), ballots_digest: list.ballots_digest };
}

/** A nominee nobody voted for, appended to `category` (it would tie last and show 0 votes). */
export function addNominee(list: BallotList, category: string, nominee = 'zz-added'): BallotList {
  const out = copy(list);
  out.categories.find((c) => c.id === category)!.nominees.push(nominee);
  return out;
}

/** An option nobody chose, appended to a single or multi question. */
export function addOption(list: BallotList, question: string, option = 'zz-added'): BallotList {
  const out = copy(list);
  const q = out.questions.find((x) => x.id === question)!;
  if (!('options' in q)) throw new Error(`${question} has no options`);
  q.options.push(option);
  return out;
}

/** A question redefined in place (another type, another range: other bins). */
export function redefineQuestion(list: BallotList, question: string, definition: BallotList['questions'][number]): BallotList {
  const out = copy(list);
  out.questions = out.questions.map((q) => (q.id === question ? definition : q));
  return out;
}

export function changeFrozenAt(list: BallotList, frozenAt: string): BallotList {
  return { ...copy(list), frozen_at: frozenAt };
}
