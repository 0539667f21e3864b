import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Article, Named } from '../articles/model';
import { LINK_COLUMNS, toLink } from '../articles/repository';
import type { Database } from '../db/schema';

/**
 * The Content API's reads, apart from the articles repository (whose listings are one filter at
 * a time and carry no bodies): the published, visible articles in one of two orders, each a range
 * of one index walked by keyset from a cursor, then the page's rows read by primary key.
 *
 * - `published` (the default): newest first by (published_at, id), like the site's listings.
 *   With an author or a tag the walk is on that link table's copy of the order (article_authors,
 *   article_tags); with only a rubric on articles_rubric_timeline; other filters are conditions
 *   on the walk.
 * - `updated` (with `updated_since`): oldest change first by (updated_at, id) on
 *   articles_by_update (migration 014), so a client that syncs can resume from its last item.
 */

export type ApiOrder = 'published' | 'updated';

export interface Position {
  at: string;
  id: number;
}

export interface ArticleListQuery {
  now: Date;
  limit: number;
  rubric?: string;
  tag?: string;
  authorId?: number;
  /** ISO instant: articles changed at or after it, in the `updated` order. */
  updatedSince?: string;
  /** The last item of the previous page. */
  after?: Position;
  /** Read bodies and summaries (left out when `fields` does not ask for them). */
  withBody: boolean;
}

/** What the API says about an article, from a listing's rows or from the repository's Article. */
export type ApiArticleSource = Pick<Article, 'id' | 'slug' | 'title' | 'standfirst' | 'publishedAt' | 'updatedAt' | 'rubric' | 'tags' | 'hero' | 'heroImage' | 'authors' | 'summary'> & {
  bodyHtml: string | null;
};

export function fromArticle(article: Article): ApiArticleSource {
  return { ...article, bodyHtml: article.bodyHtml };
}

type Db = Kysely<Database>;

export function contentQueries(db: Db) {
  /** The page's ids and positions in order; one more than asked tells whether another page follows. */
  async function pageIds(query: ArticleListQuery): Promise<Array<{ id: number; at: string }>> {
    const now = query.now.toISOString();
    const conditions: RawBuilder<unknown>[] = [];
    let from: RawBuilder<unknown>;
    let atCol: string;
    let idCol: string;
    let direction: 'asc' | 'desc';
    const order: ApiOrder = query.updatedSince !== undefined ? 'updated' : 'published';
    if (order === 'updated') {
      from = sql`articles l`;
      atCol = 'l.updated_at';
      idCol = 'l.id';
      direction = 'asc';
      conditions.push(sql`l.status = 'published'`, sql`l.published_at <= ${now}`, sql`l.updated_at >= ${query.updatedSince!}`);
      if (query.rubric !== undefined) conditions.push(sql`l.rubric_slug = ${query.rubric}`);
    } else if (query.authorId !== undefined || query.tag !== undefined) {
      const byAuthor = query.authorId !== undefined;
      from = byAuthor ? sql`article_authors l` : sql`article_tags l`;
      atCol = 'l.published_at';
      idCol = 'l.article_id';
      direction = 'desc';
      conditions.push(byAuthor ? sql`l.author_id = ${query.authorId!}` : sql`l.tag_slug = ${query.tag!}`, sql`l.status = 'published'`, sql`l.published_at <= ${now}`);
      if (query.rubric !== undefined) conditions.push(sql`exists (select 1 from articles a where a.id = l.article_id and a.rubric_slug = ${query.rubric})`);
    } else {
      from = sql`articles l`;
      atCol = 'l.published_at';
      idCol = 'l.id';
      direction = 'desc';
      conditions.push(sql`l.status = 'published'`, sql`l.published_at <= ${now}`);
      if (query.rubric !== undefined) conditions.push(sql`l.rubric_slug = ${query.rubric}`);
    }
    // The filters the walk is not on: conditions checked per row of the walk.
    const walkedOnTag = order === 'published' && query.authorId === undefined;
    if (query.tag !== undefined && !walkedOnTag) conditions.push(sql`exists (select 1 from article_tags t where t.article_id = ${sql.ref(idCol)} and t.tag_slug = ${query.tag})`);
    if (query.authorId !== undefined && order === 'updated') conditions.push(sql`exists (select 1 from article_authors p where p.article_id = ${sql.ref(idCol)} and p.author_id = ${query.authorId})`);
    if (query.after) {
      // (at, id) past the cursor, written as a range plus the twins at its instant (one index range on every engine).
      const c = query.after;
      conditions.push(
        direction === 'desc'
          ? sql`${sql.ref(atCol)} <= ${c.at} and (${sql.ref(atCol)} < ${c.at} or ${sql.ref(idCol)} < ${c.id})`
          : sql`${sql.ref(atCol)} >= ${c.at} and (${sql.ref(atCol)} > ${c.at} or ${sql.ref(idCol)} > ${c.id})`,
      );
    }
    const dir = sql.raw(direction);
    const { rows } = await sql<{ id: number | string; at: string }>`select ${sql.ref(idCol)} as id, ${sql.ref(atCol)} as at from ${from} where ${sql.join(conditions, sql` and `)} order by ${sql.ref(atCol)} ${dir}, ${sql.ref(idCol)} ${dir} limit ${query.limit + 1}`.execute(db);
    return rows.map((r) => ({ id: Number(r.id), at: r.at }));
  }

  /** The articles with these ids, in this order, with tags and (when asked) body and summary. */
  async function load(ids: number[], withBody: boolean): Promise<ApiArticleSource[]> {
    if (ids.length === 0) return [];
    const rows = await db
      .selectFrom('articles as a')
      .leftJoin('rubrics as r', 'r.slug', 'a.rubric_slug')
      .leftJoin('media as m', 'm.id', 'a.hero_media_id')
      .select(LINK_COLUMNS)
      .select('a.updated_at')
      .where('a.id', 'in', ids)
      .execute();
    const tagRows = await db
      .selectFrom('article_tags as at')
      .innerJoin('tags as t', 't.slug', 'at.tag_slug')
      .select(['at.article_id', 't.slug', 't.name'])
      .where('at.article_id', 'in', ids)
      .orderBy('at.article_id')
      .orderBy('at.position')
      .execute();
    const bodies = withBody ? await db.selectFrom('article_bodies').select(['article_id', 'body_html', 'summary_json']).where('article_id', 'in', ids).execute() : [];
    const tags = new Map<number, Named[]>();
    for (const t of tagRows) {
      const list = tags.get(Number(t.article_id)) ?? [];
      list.push({ slug: t.slug, name: t.name });
      tags.set(Number(t.article_id), list);
    }
    const bodyOf = new Map(bodies.map((b) => [Number(b.article_id), b]));
    const byId = new Map(
      rows.map((row) => {
        const link = toLink(row);
        const body = bodyOf.get(Number(row.id));
        const source: ApiArticleSource = {
          id: Number(link.id),
          slug: link.slug,
          title: link.title,
          standfirst: link.standfirst,
          publishedAt: link.publishedAt,
          updatedAt: row.updated_at,
          rubric: link.rubric,
          tags: tags.get(Number(row.id)) ?? [],
          hero: link.hero,
          heroImage: link.heroImage,
          authors: link.authors ?? [],
          summary: body?.summary_json ? (JSON.parse(body.summary_json) as Article['summary']) : null,
          bodyHtml: body?.body_html ?? null,
        };
        return [source.id, source] as const;
      }),
    );
    return ids.flatMap((id) => {
      const found = byId.get(id);
      return found ? [found] : [];
    });
  }

  return {
    async listArticles(query: ArticleListQuery): Promise<{ items: ApiArticleSource[]; next: Position | null; order: ApiOrder }> {
      const page = await pageIds(query);
      const shown = page.slice(0, query.limit);
      const last = shown[shown.length - 1];
      const items = await load(
        shown.map((p) => p.id),
        query.withBody,
      );
      return { items, next: page.length > query.limit && last ? { at: last.at, id: last.id } : null, order: query.updatedSince !== undefined ? 'updated' : 'published' };
    },

    /** Rubrics with at least one visible article, by slug (a site has a handful). */
    async rubrics(now: Date): Promise<Named[]> {
      const at = now.toISOString();
      return db
        .selectFrom('rubrics as r')
        .select(['r.slug', 'r.name'])
        .where(({ exists, selectFrom }) =>
          exists(selectFrom('articles as a').select('a.id').whereRef('a.rubric_slug', '=', 'r.slug').where('a.status', '=', 'published').where('a.published_at', '<=', at)),
        )
        .orderBy('r.slug')
        .execute();
    },

    /** Tags with a visible article, by slug, a page after `after` (each an indexed exists on article_tags_timeline). */
    async tags(now: Date, limit: number, after?: string): Promise<{ items: Named[]; next: string | null }> {
      const at = now.toISOString();
      const rows = await db
        .selectFrom('tags as t')
        .select(['t.slug', 't.name'])
        .$if(after !== undefined, (q) => q.where('t.slug', '>', after!))
        .where(({ exists, selectFrom }) =>
          exists(selectFrom('article_tags as l').select('l.article_id').whereRef('l.tag_slug', '=', 't.slug').where('l.status', '=', 'published').where('l.published_at', '<=', at)),
        )
        .orderBy('t.slug')
        .limit(limit + 1)
        .execute();
      const items = rows.slice(0, limit);
      return { items, next: rows.length > limit ? items[items.length - 1]!.slug : null };
    },

    /** Authors with a visible article, by slug, with bio, links and photo. */
    async authors(now: Date, limit: number, after?: string) {
      const at = now.toISOString();
      const rows = await db
        .selectFrom('authors as p')
        .leftJoin('media as m', 'm.id', 'p.photo_media_id')
        .select(['p.slug', 'p.name', 'p.bio', 'p.links_json', 'm.key as photo_key', 'm.format as photo_format', 'm.width as photo_width', 'm.height as photo_height', 'm.alt as photo_alt'])
        .$if(after !== undefined, (q) => q.where('p.slug', '>', after!))
        .where(({ exists, selectFrom }) =>
          exists(selectFrom('article_authors as l').select('l.article_id').whereRef('l.author_id', '=', 'p.id').where('l.status', '=', 'published').where('l.published_at', '<=', at)),
        )
        .orderBy('p.slug')
        .limit(limit + 1)
        .execute();
      const items = rows.slice(0, limit);
      return { items, next: rows.length > limit ? items[items.length - 1]!.slug : null };
    },

  };
}

export type ContentQueries = ReturnType<typeof contentQueries>;
