import type { Kysely, Transaction } from 'kysely';
import { bumpContentVersion } from '../db/content-version';
import type { ArticleRow, Database } from '../db/schema';
import { composeBody, type ComposedBody } from './compose';
import type { Article, ArticleInput, ArticleLink, Named, StoredSummary } from './model';

type Db = Kysely<Database> | Transaction<Database>;

export interface ListQuery {
  page: number;
  pageSize: number;
  rubric?: string;
  tag?: string;
  now: Date;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface SaveOptions {
  editor?: string | null;
  now?: Date;
  /**
   * Keep an editor's summary when the body is unchanged (its points are still sentences of the
   * same text); a changed body always gets a fresh summary. Off by default.
   */
  keepEditedSummary?: boolean;
  /**
   * The summary to store, when it is known to belong to this very body (a restored revision's
   * own summary). Without it the summary is computed, or kept per `keepEditedSummary`.
   */
  summary?: { value: StoredSummary; edited: boolean };
}

export interface SaveResult {
  article: Article;
  created: boolean;
  changed: boolean;
}

export const LINK_COLUMNS = [
  'a.id', 'a.slug', 'a.title', 'a.standfirst', 'a.published_at', 'a.hero_url', 'a.hero_alt', 'a.hero_credit',
  'a.rubric_slug', 'r.name as rubric_name',
] as const;

export function articlesRepository(db: Kysely<Database>) {
  const base = (trx: Db = db) => trx.selectFrom('articles as a').leftJoin('rubrics as r', 'r.slug', 'a.rubric_slug');
  const visibleBase = (now: Date, trx: Db = db) =>
    base(trx).where('a.status', '=', 'published').where('a.published_at', '<=', now.toISOString());

  async function tagsOf(trx: Db, articleId: number): Promise<Named[]> {
    return trx
      .selectFrom('article_tags as at')
      .innerJoin('tags as t', 't.slug', 'at.tag_slug')
      .select(['t.slug', 't.name'])
      .where('at.article_id', '=', articleId)
      .orderBy('at.position')
      .execute();
  }

  async function hydrate(trx: Db, row: ArticleRow & { rubric_name: string | null }): Promise<Article> {
    return toArticle(row, await tagsOf(trx, row.id));
  }

  async function loadBy(trx: Db, column: 'a.slug' | 'a.id', value: string | number) {
    const row = await base(trx).selectAll('a').select('r.name as rubric_name').where(column, '=', value).executeTakeFirst();
    return row ? hydrate(trx, row) : null;
  }

  async function saveWithin(trx: Transaction<Database>, input: ArticleInput, composed: ComposedBody, options: SaveOptions): Promise<SaveResult> {
    const now = (options.now ?? new Date()).toISOString();
    const existing = await loadBy(trx, 'a.slug', input.slug);
    const given = options.summary;
    const summaryDiffers = given !== undefined && (JSON.stringify(given.value) !== JSON.stringify(existing?.summary) || given.edited !== existing?.summaryEdited);
    if (existing && sameContent(existing, input) && !summaryDiffers) return { article: existing, created: false, changed: false };

    if (input.rubric) await trx.insertInto('rubrics').values(input.rubric).onConflict((oc) => oc.column('slug').doNothing()).execute();
    for (const tag of input.tags) await trx.insertInto('tags').values(tag).onConflict((oc) => oc.column('slug').doNothing()).execute();

    const keepSummary = options.keepEditedSummary === true && existing?.summaryEdited === true && existing.summary !== null && existing.bodyMd === input.bodyMd;
    const summary = given ?? (keepSummary ? { value: existing.summary, edited: true } : { value: composed.summary, edited: false });
    const values = {
      title: input.title,
      standfirst: input.standfirst,
      body_md: input.bodyMd,
      body_html: composed.bodyHtml,
      plain_text: composed.plainText,
      author: input.author,
      rubric_slug: input.rubric?.slug ?? null,
      hero_url: input.hero?.url ?? null,
      hero_alt: input.hero?.alt ?? null,
      hero_credit: input.hero?.credit ?? null,
      status: input.status,
      published_at: input.publishedAt.toISOString(),
      updated_at: now,
      summary_json: JSON.stringify(summary.value),
      summary_edited: summary.edited ? 1 : 0,
    };
    let id: number;
    let revision: number;
    if (existing) {
      id = existing.id;
      revision = existing.revision + 1;
      await trx.updateTable('articles').set({ ...values, revision }).where('id', '=', id).execute();
      await trx.deleteFrom('article_tags').where('article_id', '=', id).execute();
    } else {
      revision = 1;
      const row = await trx
        .insertInto('articles')
        .values({ ...values, slug: input.slug, created_at: now, revision })
        .returning('id')
        .executeTakeFirstOrThrow();
      id = row.id;
    }
    if (input.tags.length > 0) {
      await trx.insertInto('article_tags').values(input.tags.map((t, position) => ({ article_id: id, tag_slug: t.slug, position }))).execute();
    }
    await trx
      .insertInto('article_revisions')
      .values({
        article_id: id,
        revision,
        snapshot_json: JSON.stringify(snapshotOf(input)),
        summary_json: values.summary_json,
        summary_edited: values.summary_edited,
        editor: options.editor ?? null,
        created_at: now,
      })
      .execute();
    await bumpContentVersion(trx);
    const article = await loadBy(trx, 'a.id', id);
    if (!article) throw new Error(`article ${id} vanished inside its own transaction`);
    return { article, created: !existing, changed: true };
  }

  return {
    /** Any status; callers decide what a reader may see (see `isVisible`). */
    findBySlug: (slug: string, trx: Db = db) => loadBy(trx, 'a.slug', slug),
    findById: (id: number, trx: Db = db) => loadBy(trx, 'a.id', id),

    /** The visible articles published just before and just after, ordered by (published_at, id). */
    async neighbours(article: Pick<Article, 'id' | 'publishedAt'>, now: Date, trx: Db = db) {
      const at = article.publishedAt;
      const previous = await visibleBase(now, trx)
        .select(LINK_COLUMNS)
        .where((eb) => eb.or([eb('a.published_at', '<', at), eb.and([eb('a.published_at', '=', at), eb('a.id', '<', article.id)])]))
        .orderBy('a.published_at', 'desc')
        .orderBy('a.id', 'desc')
        .limit(1)
        .executeTakeFirst();
      const next = await visibleBase(now, trx)
        .select(LINK_COLUMNS)
        .where((eb) => eb.or([eb('a.published_at', '>', at), eb.and([eb('a.published_at', '=', at), eb('a.id', '>', article.id)])]))
        .orderBy('a.published_at', 'asc')
        .orderBy('a.id', 'asc')
        .limit(1)
        .executeTakeFirst();
      return { previous: previous ? toLink(previous) : null, next: next ? toLink(next) : null };
    },

    /** Visible articles, newest first, optionally within a rubric or a tag. */
    async listVisible(query: ListQuery, trx: Db = db): Promise<Page<ArticleLink>> {
      let q = visibleBase(query.now, trx);
      if (query.rubric !== undefined) q = q.where('a.rubric_slug', '=', query.rubric);
      if (query.tag !== undefined) {
        const tag = query.tag;
        q = q.where((eb) =>
          eb.exists(eb.selectFrom('article_tags as at').select('at.article_id').whereRef('at.article_id', '=', 'a.id').where('at.tag_slug', '=', tag)),
        );
      }
      const { total } = await q.select((eb) => eb.fn.countAll<number | string>().as('total')).executeTakeFirstOrThrow();
      const rows = await q
        .select(LINK_COLUMNS)
        .orderBy('a.published_at', 'desc')
        .orderBy('a.id', 'desc')
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize)
        .execute();
      return { items: rows.map(toLink), total: Number(total) };
    },

    findRubric: (slug: string, trx: Db = db) => trx.selectFrom('rubrics').selectAll().where('slug', '=', slug).executeTakeFirst().then((r) => r ?? null),
    findTag: (slug: string, trx: Db = db) => trx.selectFrom('tags').selectAll().where('slug', '=', slug).executeTakeFirst().then((r) => r ?? null),
    listRubrics: (trx: Db = db) => trx.selectFrom('rubrics').selectAll().orderBy('slug').execute(),

    /**
     * Creates or updates the article with this slug and keeps a revision of every change.
     * Saving identical content changes nothing, so a repeated import is idempotent.
     */
    save: (input: ArticleInput, options: SaveOptions = {}) =>
      db.transaction().execute((trx) => saveWithin(trx, input, composeBody(input.bodyMd, input.title), options)),

    /** All or nothing: one transaction for the lot (an import file). */
    saveMany(inputs: ArticleInput[], options: SaveOptions = {}): Promise<SaveResult[]> {
      const composed = inputs.map((i) => composeBody(i.bodyMd, i.title));
      return db.transaction().execute(async (trx) => {
        const out: SaveResult[] = [];
        for (const [i, input] of inputs.entries()) out.push(await saveWithin(trx, input, composed[i]!, options));
        return out;
      });
    },

    /**
     * Replaces the summary (an editor's choice of the article's sentences, or a recomputation)
     * and records it as a new revision whose content snapshot is the current one.
     */
    setSummary(id: number, summary: StoredSummary, edited: boolean, options: SaveOptions = {}): Promise<Article | null> {
      return db.transaction().execute(async (trx) => {
        const current = await loadBy(trx, 'a.id', id);
        if (!current) return null;
        const latest = await trx
          .selectFrom('article_revisions')
          .select('snapshot_json')
          .where('article_id', '=', id)
          .where('revision', '=', current.revision)
          .executeTakeFirst();
        const now = (options.now ?? new Date()).toISOString();
        const revision = current.revision + 1;
        const summaryJson = JSON.stringify(summary);
        await trx.updateTable('articles').set({ summary_json: summaryJson, summary_edited: edited ? 1 : 0, revision, updated_at: now }).where('id', '=', id).execute();
        await trx
          .insertInto('article_revisions')
          .values({
            article_id: id,
            revision,
            snapshot_json: latest?.snapshot_json ?? JSON.stringify(snapshotOfArticle(current)),
            summary_json: summaryJson,
            summary_edited: edited ? 1 : 0,
            editor: options.editor ?? null,
            created_at: now,
          })
          .execute();
        await bumpContentVersion(trx);
        return loadBy(trx, 'a.id', id);
      });
    },

    async count(trx: Db = db): Promise<number> {
      const { n } = await trx.selectFrom('articles').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
      return Number(n);
    },

    /** The earliest scheduled publication after `now`: page caches must not outlive it. */
    async nextScheduled(now: Date, trx: Db = db): Promise<string | null> {
      const row = await trx
        .selectFrom('articles')
        .select((eb) => eb.fn.min('published_at').as('at'))
        .where('status', '=', 'published')
        .where('published_at', '>', now.toISOString())
        .executeTakeFirst();
      return (row?.at as string | null | undefined) ?? null;
    },
  };
}

export type ArticlesRepository = ReturnType<typeof articlesRepository>;

/** What a revision snapshot holds: the author's input, enough to restore it. */
function snapshotOf(input: ArticleInput) {
  return {
    slug: input.slug,
    title: input.title,
    standfirst: input.standfirst,
    bodyMd: input.bodyMd,
    author: input.author,
    rubric: input.rubric,
    tags: input.tags,
    hero: input.hero,
    status: input.status,
    publishedAt: input.publishedAt.toISOString(),
  };
}

function snapshotOfArticle(article: Article) {
  return snapshotOf({ ...article, publishedAt: new Date(article.publishedAt) });
}

function sameContent(article: Article, input: ArticleInput): boolean {
  const { slug: _slug, ...a } = snapshotOf(input);
  const b = {
    title: article.title,
    standfirst: article.standfirst,
    bodyMd: article.bodyMd,
    author: article.author,
    rubric: article.rubric ? { slug: article.rubric.slug, name: a.rubric?.name ?? article.rubric.name } : null,
    tags: article.tags.map((t, i) => ({ slug: t.slug, name: a.tags[i]?.name ?? t.name })),
    hero: article.hero,
    status: article.status,
    publishedAt: article.publishedAt,
  };
  return JSON.stringify(a) === JSON.stringify(b);
}

function toArticle(row: ArticleRow & { rubric_name: string | null }, tags: Named[]): Article {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    standfirst: row.standfirst,
    bodyMd: row.body_md,
    bodyHtml: row.body_html,
    plainText: row.plain_text,
    author: row.author,
    rubric: row.rubric_slug ? { slug: row.rubric_slug, name: row.rubric_name ?? row.rubric_slug } : null,
    tags,
    hero: row.hero_url ? { url: row.hero_url, alt: row.hero_alt ?? '', credit: row.hero_credit } : null,
    status: row.status,
    publishedAt: row.published_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    revision: row.revision,
    summary: row.summary_json ? (JSON.parse(row.summary_json) as StoredSummary) : null,
    summaryEdited: row.summary_edited === 1,
  };
}

type LinkRow = {
  id: number;
  slug: string;
  title: string;
  standfirst: string;
  published_at: string;
  hero_url: string | null;
  hero_alt: string | null;
  hero_credit: string | null;
  rubric_slug: string | null;
  rubric_name: string | null;
};

export function toLink(row: LinkRow): ArticleLink {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    standfirst: row.standfirst,
    publishedAt: row.published_at,
    rubric: row.rubric_slug ? { slug: row.rubric_slug, name: row.rubric_name ?? row.rubric_slug } : null,
    hero: row.hero_url ? { url: row.hero_url, alt: row.hero_alt ?? '', credit: row.hero_credit } : null,
  };
}

