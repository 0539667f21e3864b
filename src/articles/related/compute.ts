import type { Kysely, Transaction } from 'kysely';
import { numeric, preparedQuery } from '../../db/prepared';
import type { Database } from '../../db/schema';
import { indexedText, stemWord } from '../../db/search-analyzer';
import { rankRelated, STORED, tagWeights, termsOf, type RelatedCandidate, type TagWindow } from './score';

type Db = Kysely<Database> | Transaction<Database>;

/** How many published articles each side of the article a tag's or the rubric's window reads. */
export const WINDOW = 50;
/** Tags beyond this many (in the article's order) do not widen the pool. */
export const MAX_TAGS = 8;

/**
 * Computes and stores an article's related articles: its own term set, then a bounded pool read
 * from indexes (the WINDOW published articles just before and just after it on each of its tags'
 * timelines — article_tags_timeline — and on its rubric's — articles_rubric_timeline), scored by
 * score.ts, the best STORED kept in related_articles. At most 2·(MAX_TAGS+1) range reads of
 * WINDOW rows and two reads by primary key, whatever the size of the archive. Its term set is
 * stored too, for the articles that are compared with it later.
 */
export function relatedComputer(db: Kysely<Database>) {
  const q = preparedStatements(db);

  async function storeTerms(trx: Db, id: number): Promise<Target | null> {
    const row = (await q.target(trx, { id })).rows[0];
    if (!row) return null;
    const tags = (await q.tagsOf(trx, { id })).rows.map((r) => r.tag_slug).slice(0, MAX_TAGS);
    const terms = termsOf(indexedText(`${row.title} ${row.standfirst}`), stemWord);
    await q.storeTerms(trx, { id, terms: terms.join(' ') });
    return { id, at: row.published_at, publishedAt: Date.parse(row.published_at), rubric: row.rubric_slug, tags, terms };
  }

  async function compute(trx: Db, id: number): Promise<void> {
    const target = await storeTerms(trx, id);
    if (!target) return;
    const window = { at: target.at, id };
    const pool = new Map<number, number>();
    const windows: TagWindow[] = [];
    for (const tag of target.tags) {
      const older = (await q.tagOlder(trx, { ...window, tag })).rows;
      const newer = (await q.tagNewer(trx, { ...window, tag })).rows;
      const times: number[] = [];
      for (const r of [...older, ...newer]) {
        const t = Date.parse(r.published_at);
        pool.set(Number(r.id), t);
        times.push(t);
      }
      windows.push({ tag, times });
    }
    if (target.rubric !== null) {
      for (const r of [...(await q.rubricOlder(trx, { ...window, rubric: target.rubric })).rows, ...(await q.rubricNewer(trx, { ...window, rubric: target.rubric })).rows]) {
        pool.set(Number(r.id), Date.parse(r.published_at));
      }
    }
    pool.delete(id);
    let ranked: Array<{ id: number; score: number }> = [];
    if (pool.size > 0) {
      const ids = [...pool.keys()];
      const all = windows.length > 0 ? (await q.allOlder(trx, window)).rows.map((r) => Date.parse(r.published_at)) : [];
      const info = await trx
        .selectFrom('articles as a')
        .leftJoin('related_terms as t', 't.article_id', 'a.id')
        .select(['a.id', 'a.rubric_slug', 't.terms'])
        .where('a.id', 'in', ids)
        .execute();
      const shared =
        target.tags.length === 0 ? [] : await trx.selectFrom('article_tags').select(['article_id', 'tag_slug']).where('article_id', 'in', ids).where('tag_slug', 'in', target.tags).execute();
      const tagsOf = new Map<number, string[]>();
      for (const r of shared) {
        const list = tagsOf.get(Number(r.article_id));
        if (list) list.push(r.tag_slug);
        else tagsOf.set(Number(r.article_id), [r.tag_slug]);
      }
      const candidates: RelatedCandidate[] = info.map((r) => ({
        id: Number(r.id),
        publishedAt: pool.get(Number(r.id))!,
        rubric: r.rubric_slug,
        tags: tagsOf.get(Number(r.id)) ?? [],
        terms: r.terms ? r.terms.split(' ') : [],
      }));
      ranked = rankRelated(target, candidates, tagWeights(windows, all, target.publishedAt), STORED);
    }
    await q.clear(trx, { id });
    if (ranked.length > 0) {
      await trx
        .insertInto('related_articles')
        .values(ranked.map((r, position) => ({ article_id: id, position, related_id: r.id, score: Math.round(r.score * 1000) / 1000 })))
        .execute();
    }
  }

  return { compute, storeTerms };
}

export type RelatedComputer = ReturnType<typeof relatedComputer>;

interface Target {
  id: number;
  at: string;
  publishedAt: number;
  rubric: string | null;
  tags: string[];
  terms: string[];
}

/** Every fixed-shape statement of a computation, built and compiled once (db/prepared.ts). */
function preparedStatements(db: Kysely<Database>) {
  const target = preparedQuery(db, ['id'], (d, v) =>
    d.selectFrom('articles').select(['title', 'standfirst', 'rubric_slug', 'published_at']).where('id', '=', numeric(v.id)),
  );
  const tagsOf = preparedQuery(db, ['id'], (d, v) => d.selectFrom('article_tags').select('tag_slug').where('article_id', '=', numeric(v.id)).orderBy('position'));
  const storeTerms = preparedQuery(db, ['id', 'terms'], (d, v) =>
    d
      .insertInto('related_terms')
      .values({ article_id: numeric(v.id), terms: v.terms })
      .onConflict((oc) => oc.column('article_id').doUpdateSet({ terms: (eb) => eb.ref('excluded.terms') })),
  );
  const clear = preparedQuery(db, ['id'], (d, v) => d.deleteFrom('related_articles').where('article_id', '=', numeric(v.id)));
  // The published articles just before (older) or just after (newer) the article in a timeline's
  // (published_at, id) order: one index range each, as the listings walk them (repository.ts).
  const towards = (side: 'older' | 'newer') => (side === 'older' ? ({ op: '<', orEqual: '<=', order: 'desc' } as const) : ({ op: '>', orEqual: '>=', order: 'asc' } as const));
  const tagWindow = (side: 'older' | 'newer') => {
    const { op, orEqual, order } = towards(side);
    return preparedQuery(db, ['tag', 'at', 'id'], (d, v) =>
      d
        .selectFrom('article_tags')
        .select(['article_id as id', 'published_at'])
        .where('tag_slug', '=', v.tag)
        .where('status', '=', 'published')
        .where('published_at', orEqual, v.at)
        .where((eb) => eb.or([eb('published_at', op, v.at), eb('article_id', op, numeric(v.id))]))
        .orderBy('published_at', order)
        .orderBy('article_id', order)
        .limit(WINDOW),
    );
  };
  const rubricWindow = (side: 'older' | 'newer') => {
    const { op, orEqual, order } = towards(side);
    return preparedQuery(db, ['rubric', 'at', 'id'], (d, v) =>
      d
        .selectFrom('articles')
        .select(['id', 'published_at'])
        .where('rubric_slug', '=', v.rubric)
        .where('status', '=', 'published')
        .where('published_at', orEqual, v.at)
        .where((eb) => eb.or([eb('published_at', op, v.at), eb('id', op, numeric(v.id))]))
        .orderBy('published_at', order)
        .orderBy('id', order)
        .limit(WINDOW),
    );
  };
  const [tagOlder, tagNewer, rubricOlder, rubricNewer] = [tagWindow('older'), tagWindow('newer'), rubricWindow('older'), rubricWindow('newer')];
  // All published articles just before it: how often any article appears, for the tags' weights.
  const allOlder = preparedQuery(db, ['at', 'id'], (d, v) =>
    d
      .selectFrom('articles')
      .select(['published_at'])
      .where('status', '=', 'published')
      .where('published_at', '<=', v.at)
      .where((eb) => eb.or([eb('published_at', '<', v.at), eb('id', '<', numeric(v.id))]))
      .orderBy('published_at', 'desc')
      .orderBy('id', 'desc')
      .limit(WINDOW),
  );
  return { target, tagsOf, storeTerms, clear, tagOlder, tagNewer, rubricOlder, rubricNewer, allOlder };
}

/** For the recompute command: ids in order, a batch at a time. */
export async function articleIdsAfter(db: Db, after: number, limit: number): Promise<number[]> {
  const rows = await db.selectFrom('articles').select('id').where('id', '>', after).orderBy('id').limit(limit).execute();
  return rows.map((r) => Number(r.id));
}
