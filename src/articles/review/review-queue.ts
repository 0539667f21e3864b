import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';

export interface QueueItem {
  id: number;
  slug: string;
  title: string;
  /** The byline as written. */
  author: string;
  /** The account that submitted it (its owner); null when the account is gone. */
  ownerEmail: string | null;
  submittedAt: string;
  rubric: string | null;
  revision: number;
}

/** The editors' review queue: submitted articles, oldest submission first, a page at a time. */
export function reviewQueue(db: Kysely<Database>) {
  return {
    async list(page: number, pageSize: number): Promise<{ items: QueueItem[]; total: number }> {
      const base = db.selectFrom('articles as a').where('a.review_state', '=', 'in_review');
      const { total } = await base.select((eb) => eb.fn.countAll<number | string>().as('total')).executeTakeFirstOrThrow();
      const rows = await base
        .leftJoin('users as u', 'u.id', 'a.owner_id')
        .select(['a.id', 'a.slug', 'a.title', 'a.author', 'a.submitted_at', 'a.rubric_slug', 'a.revision', 'u.email'])
        .orderBy('a.submitted_at', 'asc')
        .orderBy('a.id', 'asc')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute();
      return {
        total: Number(total),
        items: rows.map((r) => ({ id: r.id, slug: r.slug, title: r.title, author: r.author, ownerEmail: r.email, submittedAt: r.submitted_at ?? '', rubric: r.rubric_slug, revision: r.revision })),
      };
    },
  };
}
