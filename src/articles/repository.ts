import type { ExpressionBuilder, Kysely, SelectQueryBuilder, Transaction } from 'kysely';
import { numeric, preparedQuery, type SqlValue } from '../db/prepared';
import { bumpContentVersion } from '../db/content-version';
import type { PaddockDb } from '../db/database';
import { indexArticle, stemFields } from '../db/full-text';
import type { ArticleRow, Database } from '../db/schema';
import { Refusal } from '../errors';
import { libraryImagesIn, responsiveBodyImages } from '../media/body-images';
import { linkAuthors } from './authors/link-authors';
import { composeBody, type ComposedBody } from './compose';
import { canonicalHero, isLibraryHero, type Article, type ArticleInput, type ArticleLink, type Hero, type HeroImage, type Named, type StoredSummary } from './model';
import { articlePath, lookupPath, wordpressIdKey } from './redirects/paths';
import { storeRedirect } from './redirects/repository';
import type { Cursor } from './timeline';

type Db = Kysely<Database> | Transaction<Database>;

export interface ListQuery {
  pageSize: number;
  rubric?: string;
  tag?: string;
  /** An author's id: their articles, from article_authors' own copy of the order. */
  author?: number;
  /** Articles older than this position (the "Older articles" link); without either, the newest. */
  before?: Cursor;
  /** Articles newer than this position (the "Newer articles" link). */
  after?: Cursor;
  now: Date;
}

/** One page of a listing, with the positions its links continue from (null: nothing further). */
export interface ListPage {
  items: ArticleLink[];
  older: Cursor | null;
  newer: Cursor | null;
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
  /** When the article last changed, if not now (an import keeps its source's modification time). */
  updatedAt?: Date;
  /**
   * The slug the article has now, when the input gives it a new one (the editor's address
   * field): the article is found by this one and moved, leaving a redirect from its old address.
   */
  renameFrom?: string;
  /**
   * More work in the save's own transaction, after the article is written (or found unchanged):
   * the review step a save takes, its owner. A throw undoes the save.
   */
  within?: (trx: Transaction<Database>, saved: SaveResult) => Promise<void>;
}

/**
 * What a stored change did to an article, for the capabilities that build on articles (webhooks,
 * related articles, share cards) without articles knowing them: the composition root (app.ts,
 * main.ts, through article-observers.ts) hands them to the repository.
 */
export interface ArticleChange {
  id: number;
  slug: string;
  created: boolean;
  /** The article as it was before this change (null: it is new). */
  before: { slug: string; status: 'draft' | 'published'; publishedAt: string } | null;
  after: { status: 'draft' | 'published'; publishedAt: string; updatedAt: string; revision: number };
}

export interface ArticleObserver {
  /** Runs inside the change's own transaction (an outbox row, derived data): a throw undoes the change. */
  inTransaction?: (trx: Transaction<Database>, change: ArticleChange) => Promise<void>;
  /** Runs once the change has committed (work too slow for a transaction); must not throw. */
  afterCommit?: (changes: ArticleChange[]) => void;
}

export interface SaveResult {
  article: Article;
  created: boolean;
  changed: boolean;
}

export const LINK_COLUMNS = [
  'a.id', 'a.slug', 'a.title', 'a.standfirst', 'a.published_at', 'a.hero_url', 'a.hero_alt', 'a.hero_credit',
  'a.rubric_slug', 'r.name as rubric_name', 'a.authors_json',
  // The hero's library item, joined by its primary key: one row per article, at no cost to the order's index.
  'a.hero_media_id', 'm.key as hero_key', 'm.format as hero_format', 'm.width as hero_width', 'm.height as hero_height',
  'm.alt as hero_media_alt', 'm.credit as hero_media_credit', 'm.caption as hero_caption',
] as const;

/**
 * Library images in an article, checked and made responsive: the hero's item must exist and, for a
 * published article, every library image must have alt text (its own here, or the item's).
 * Returns the body with its standalone library images as `<picture>`s (media/body-images.ts).
 * Every path that stores an article (the editor, the CLI import, restoring a revision) comes
 * through here, inside its transaction, so a refusal leaves nothing stored.
 */
async function prepareImages(trx: Db, input: ArticleInput, bodyHtml: string): Promise<string> {
  const hero = input.hero;
  const published = input.status === 'published';
  if (isLibraryHero(hero)) {
    const item = await trx.selectFrom('media').select(['id', 'alt']).where('id', '=', hero.mediaId).executeTakeFirst();
    if (!item) throw new Refusal('media_unknown', { id: hero.mediaId }, 'heroMedia');
    if (published && hero.alt.trim() === '' && item.alt.trim() === '') throw new Refusal('media_alt_missing', { id: item.id }, 'heroAlt');
  }
  const images = libraryImagesIn(bodyHtml);
  if (images.length === 0) return bodyHtml;
  const keys = [...new Set(images.map((img) => img.key))];
  const rows = await trx.selectFrom('media').select(['id', 'key', 'format', 'width', 'height', 'alt']).where('key', 'in', keys).execute();
  const items = new Map(rows.map((r) => [r.key, r]));
  if (published) {
    const bare = images.find((img) => img.alt.trim() === '' && items.get(img.key)?.alt.trim() === '');
    if (bare) throw new Refusal('media_alt_missing', { id: items.get(bare.key)!.id }, 'bodyMd');
  }
  return responsiveBodyImages(bodyHtml, items);
}

/** Thrown inside a dry run's transaction to undo it. */
const ROLL_BACK = Symbol('roll back');

export function articlesRepository(database: Pick<PaddockDb, 'db' | 'caps' | 'reads'>, options: { observers?: readonly ArticleObserver[] } = {}) {
  const { db, caps, reads } = database;
  const observers = options.observers ?? [];
  const timeline = timelines(db);
  const announce = (changes: ArticleChange[]) => {
    if (changes.length > 0) for (const o of observers) o.afterCommit?.(changes);
  };
  const base = (trx: Db = db) => trx.selectFrom('articles as a').leftJoin('rubrics as r', 'r.slug', 'a.rubric_slug').leftJoin('media as m', 'm.id', 'a.hero_media_id');

  // The article page's reads, prepared once (db/prepared.ts) as the listings' are.
  const tagsStatement = preparedQuery(db, ['id'], (q, v) =>
    q.selectFrom('article_tags as at').innerJoin('tags as t', 't.slug', 'at.tag_slug').select(['t.slug', 't.name']).where('at.article_id', '=', numeric(v.id)).orderBy('at.position'),
  );
  const tagsOf = async (trx: Db, articleId: number): Promise<Named[]> => (await tagsStatement(trx, { id: articleId })).rows;

  async function hydrate(trx: Db, row: ArticleRow & HeroRow & { rubric_name: string | null }): Promise<Article> {
    return toArticle(row, await tagsOf(trx, row.id));
  }

  const articleStatement = (column: 'a.slug' | 'a.id') =>
    preparedQuery(db, ['value'], (q, v) =>
      base(q)
        .innerJoin('article_bodies as b', 'b.article_id', 'a.id')
        .selectAll('a')
        .select(['r.name as rubric_name', 'b.body_md', 'b.body_html', 'b.plain_text', 'b.summary_json'])
        .select(['m.key as hero_key', 'm.format as hero_format', 'm.width as hero_width', 'm.height as hero_height', 'm.alt as hero_media_alt', 'm.credit as hero_media_credit', 'm.caption as hero_caption'])
        .where(column, '=', column === 'a.id' ? numeric(v.value) : v.value),
    );
  const articleBy = { 'a.slug': articleStatement('a.slug'), 'a.id': articleStatement('a.id') };

  async function loadBy(trx: Db, column: 'a.slug' | 'a.id', value: string | number) {
    const [row] = (await articleBy[column](trx, { value })).rows;
    return row ? hydrate(trx, row) : null;
  }

  /**
   * The article imported earlier from the same source and id. A different article holding the
   * slug this one wants is refused by name rather than left to the unique index.
   */
  async function loadByOrigin(trx: Db, input: ArticleInput) {
    const origin = input.origin!;
    const row = await trx.selectFrom('articles').select('id').where('source', '=', origin.source).where('source_id', '=', origin.id).executeTakeFirst();
    const holder = await trx.selectFrom('articles').select(['id', 'source', 'source_id']).where('slug', '=', input.slug).executeTakeFirst();
    if (holder && holder.id !== row?.id) {
      const whose = holder.source ? `${holder.source_id} of ${holder.source}` : 'an article written here';
      throw new Error(`slug "${input.slug}" is already used by article ${holder.id} (${whose})`);
    }
    return row ? loadBy(trx, 'a.id', row.id) : null;
  }

  /**
   * Writes one article (creating it or adding a revision) and reports what happened, without
   * reading it back or bumping the content version: callers do that once per transaction.
   */
  async function writeWithin(trx: Transaction<Database>, input: ArticleInput, composed: ComposedBody, options: SaveOptions, existing: Article | null, names?: Set<string>) {
    const now = (options.now ?? new Date()).toISOString();
    const given = options.summary;
    const summaryDiffers = given !== undefined && (JSON.stringify(given.value) !== JSON.stringify(existing?.summary) || given.edited !== existing?.summaryEdited);
    if (existing && sameContent(existing, input) && !summaryDiffers && existing.slug === input.slug) return { id: existing.id, created: false, changed: false, change: null };
    const bodyHtml = await prepareImages(trx, input, composed.bodyHtml);

    // `names`: rubrics and tags already known to exist in this run, so a bulk import asks once.
    const ensure = async (table: 'rubrics' | 'tags', named: Named) => {
      const key = `${table}:${named.slug}`;
      if (names?.has(key)) return;
      await trx.insertInto(table).values(named).onConflict((oc) => oc.column('slug').doNothing()).execute();
      names?.add(key);
    };
    if (input.rubric) await ensure('rubrics', input.rubric);
    for (const tag of input.tags) await ensure('tags', tag);

    const keepSummary = options.keepEditedSummary === true && existing?.summaryEdited === true && existing.summary !== null && existing.bodyMd === input.bodyMd;
    const summary = given ?? (keepSummary ? { value: existing.summary, edited: true } : { value: composed.summary, edited: false });
    const summaryJson = JSON.stringify(summary.value);
    const body = { body_md: input.bodyMd, body_html: bodyHtml, plain_text: composed.plainText, summary_json: summaryJson };
    const values = {
      title: input.title,
      standfirst: input.standfirst,
      author: input.author,
      rubric_slug: input.rubric?.slug ?? null,
      hero_url: input.hero && !isLibraryHero(input.hero) ? input.hero.url : null,
      hero_media_id: isLibraryHero(input.hero) ? input.hero.mediaId : null,
      hero_alt: input.hero?.alt ?? null,
      hero_credit: input.hero?.credit ?? null,
      status: input.status,
      published_at: input.publishedAt.toISOString(),
      updated_at: options.updatedAt?.toISOString() ?? now,
      summary_edited: summary.edited ? 1 : 0,
      // An imported article follows its source's slug; one written here moves only when the editor renames it (renameFrom).
      slug: input.slug,
      ...(input.origin ? { source: input.origin.source, source_id: input.origin.id, source_url: input.origin.url } : {}),
    };
    let id: number;
    let revision: number;
    if (existing) {
      id = existing.id;
      revision = existing.revision + 1;
      await trx.updateTable('articles').set({ ...values, revision }).where('id', '=', id).execute();
      await trx.updateTable('article_bodies').set(body).where('article_id', '=', id).execute();
      await trx.deleteFrom('article_tags').where('article_id', '=', id).execute();
    } else {
      revision = 1;
      const row = await trx
        .insertInto('articles')
        .values({ ...values, slug: input.slug, created_at: now, revision })
        .returning('id')
        .executeTakeFirstOrThrow();
      id = row.id;
      await trx.insertInto('article_bodies').values({ ...body, article_id: id }).execute();
    }
    await keepOldAddresses(trx, existing?.slug ?? null, input, now);
    await linkAuthors(trx, id, input.author, values.status, values.published_at, now);
    if (input.tags.length > 0) {
      await trx
        .insertInto('article_tags')
        .values(input.tags.map((t, position) => ({ article_id: id, tag_slug: t.slug, position, status: values.status, published_at: values.published_at })))
        .execute();
    }
    const published = input.status === 'published';
    await indexArticle(trx, caps, id, published ? (composed.stems ?? stemFields({ title: input.title, standfirst: input.standfirst, plainText: composed.plainText })) : null);
    await trx
      .insertInto('article_revisions')
      .values({
        article_id: id,
        revision,
        snapshot_json: JSON.stringify(snapshotOf(input)),
        summary_json: summaryJson,
        summary_edited: values.summary_edited,
        editor: options.editor ?? null,
        created_at: now,
      })
      .execute();
    const change: ArticleChange = {
      id,
      slug: input.slug,
      created: !existing,
      before: existing ? { slug: existing.slug, status: existing.status, publishedAt: existing.publishedAt } : null,
      after: { status: values.status, publishedAt: values.published_at, updatedAt: values.updated_at, revision },
    };
    for (const o of observers) await o.inTransaction?.(trx, change);
    return { id, created: !existing, changed: true, change };
  }

  /**
   * Links to an article's old addresses keep working: a changed slug leaves a redirect from the
   * old one, and an imported post's address on its old site (`source_url`) redirects here. Done
   * in the article's own transaction, so an article never moves without its redirect.
   */
  async function keepOldAddresses(trx: Transaction<Database>, oldSlug: string | null, input: ArticleInput, now: string) {
    const at = new Date(now);
    const here = articlePath(input.slug);
    if (oldSlug !== input.slug) {
      // The address is a page again: a redirect left from it by an earlier move must not be chained onto.
      await trx.deleteFrom('redirects').where('from_path', '=', here).execute();
      if (oldSlug !== null) await storeRedirect(trx, articlePath(oldSlug), here, { by: 'slug-change', now: at, skipSelf: true });
    }
    const url = input.origin?.url;
    // `/?p=123` (a WordPress site without pretty permalinks) has no path of its own to redirect from.
    if (url && !url.includes('?')) {
      const from = lookupPath(url);
      if (from !== null && from !== '/') await storeRedirect(trx, from, here, { by: 'import', now: at, skipSelf: true });
    }
    // Every WordPress post also answers at `/?p=ID`, whatever its permalink structure.
    const idKey = input.origin?.source.startsWith('wp:') ? wordpressIdKey(input.origin.id) : null;
    if (idKey) await storeRedirect(trx, idKey, here, { by: 'import', now: at, skipSelf: true });
  }

  async function saveWithin(trx: Transaction<Database>, input: ArticleInput, composed: ComposedBody, options: SaveOptions): Promise<SaveResult & { change: ArticleChange | null }> {
    const existing = await loadBy(trx, 'a.slug', options.renameFrom ?? input.slug);
    if (options.renameFrom !== undefined && options.renameFrom !== input.slug) {
      if (!existing) throw new Refusal('no_article');
      if (await trx.selectFrom('articles').select('id').where('slug', '=', input.slug).executeTakeFirst()) throw new Refusal('slug_taken', { slug: input.slug }, 'slug');
    }
    const written = await writeWithin(trx, input, composed, options, existing);
    if (!written.changed) return { article: existing!, created: false, changed: false, change: null };
    await bumpContentVersion(trx);
    const article = await loadBy(trx, 'a.id', written.id);
    if (!article) throw new Error(`article ${written.id} vanished inside its own transaction`);
    return { article, created: written.created, changed: true, change: written.change };
  }

  return {
    /** The handle itself, for read-only query modules beside this one that app.ts does not wire (feeds/feed-queries.ts). */
    db,
    /** Any status; callers decide what a reader may see (see `isVisible`). */
    findBySlug: (slug: string, trx: Db = db) => loadBy(trx, 'a.slug', slug),
    findById: (id: number, trx: Db = db) => loadBy(trx, 'a.id', id),

    /** The visible articles published just before and just after, ordered by (published_at, id). */
    async neighbours(article: Pick<Article, 'id' | 'publishedAt'>, now: Date, trx: Db = db) {
      const here = { at: article.publishedAt, id: article.id };
      const [previous] = await timeline(trx, { before: here, now }, 1);
      const [next] = await timeline(trx, { after: here, now }, 1);
      return { previous: previous ?? null, next: next ?? null };
    },

    /**
     * A page of visible articles, newest first, optionally within a rubric or a tag. Every query
     * is a range of one index in (published_at, id) order, so page 1 and page 10,000 cost the
     * same. A page reached through `after` that would come up short is the first page: it returns
     * null, and the caller sends the reader there.
     */
    async listVisible(query: ListQuery, trx: Db = db): Promise<ListPage | null> {
      const { pageSize } = query;
      const rows = await timeline(trx, query, pageSize + 1);
      if (query.after) {
        if (rows.length <= pageSize) return null;
        // Fetched oldest first (the ones just after the cursor); shown newest first like every page.
        const items = rows.slice(0, pageSize).reverse();
        return { items, older: keyOf(items[items.length - 1]!), newer: keyOf(items[0]!) };
      }
      const items = rows.slice(0, pageSize);
      const more = rows.length > pageSize;
      const first = items[0];
      const newer = query.before && first ? ((await timeline(trx, { ...query, before: undefined, after: keyOf(first) }, 1)).length > 0 ? keyOf(first) : null) : null;
      return { items, older: more ? keyOf(items[items.length - 1]!) : null, newer };
    },

    /** The newest visible articles (feeds, the "not found" page), optionally of one author. */
    latest: (count: number, now: Date, trx: Db = db, kind: { author?: number } = {}) => timeline(trx, { now, ...kind }, count),

    /**
     * Where page N of the old numbered listings (`?page=N`, links already out there) begins:
     * the position just before it, found by walking a covering index; null beyond the last page.
     */
    async positionOfPage(query: Omit<ListQuery, 'before' | 'after'>, page: number): Promise<Cursor | null> {
      const offset = (page - 1) * query.pageSize - 1;
      const at = query.now.toISOString();
      // A tag's or an author's listing walks its link table's copy of the order, as timeline() does.
      const link = query.author !== undefined ? ({ table: 'article_authors', key: 'author_id', value: query.author } as const) : query.tag !== undefined ? ({ table: 'article_tags', key: 'tag_slug', value: query.tag } as const) : null;
      const compiled = link
        ? (db.selectFrom(link.table) as unknown as SelectQueryBuilder<Database, 'article_tags', object>)
            .select(['published_at', 'article_id as id'])
            .where(link.key as 'tag_slug', '=', link.value as string)
            .where('status', '=', 'published')
            .where('published_at', '<=', at)
            .orderBy('published_at', 'desc')
            .orderBy('article_id', 'desc')
            .limit(1)
            .offset(offset)
            .compile()
        : db
            .selectFrom('articles')
            .select(['published_at', 'id'])
            .where('status', '=', 'published')
            .where('published_at', '<=', at)
            .$if(query.rubric !== undefined, (q) => q.where('rubric_slug', '=', query.rubric!))
            .orderBy('published_at', 'desc')
            .orderBy('id', 'desc')
            .limit(1)
            .offset(offset)
            .compile();
      // An offset walks the index as deep as the page: off the server's thread (the read pool).
      const [row] = await reads.all<{ published_at: string; id: number }>(compiled.sql, compiled.parameters);
      return row ? { at: row.published_at, id: Number(row.id) } : null;
    },

    findRubric: (slug: string, trx: Db = db) => trx.selectFrom('rubrics').selectAll().where('slug', '=', slug).executeTakeFirst().then((r) => r ?? null),
    findTag: (slug: string, trx: Db = db) => trx.selectFrom('tags').selectAll().where('slug', '=', slug).executeTakeFirst().then((r) => r ?? null),
    /** An author by page address, with their links (JSON) and their photo's library item, joined by its primary key. */
    findAuthor: (slug: string, trx: Db = db) =>
      trx
        .selectFrom('authors as p')
        .leftJoin('media as m', 'm.id', 'p.photo_media_id')
        .select(['p.id', 'p.slug', 'p.name', 'p.bio', 'p.links_json', 'm.key as photo_key', 'm.format as photo_format', 'm.width as photo_width', 'm.height as photo_height', 'm.alt as photo_alt'])
        .where('p.slug', '=', slug)
        .executeTakeFirst()
        .then((r) => r ?? null),
    listRubrics: (trx: Db = db) => trx.selectFrom('rubrics').selectAll().orderBy('slug').execute(),

    /**
     * Creates or updates the article with this slug and keeps a revision of every change.
     * Saving identical content changes nothing, so a repeated import is idempotent.
     */
    async save(input: ArticleInput, options: SaveOptions = {}): Promise<SaveResult> {
      const { change, ...result } = await db.transaction().execute(async (trx) => {
        const saved = await saveWithin(trx, input, composeBody(input.bodyMd, input.title, input.standfirst), options);
        if (options.within) await options.within(trx, saved);
        return saved;
      });
      announce(change ? [change] : []);
      return result;
    },

    /** All or nothing: one transaction for the lot (an import file). */
    saveMany(inputs: ArticleInput[], options: SaveOptions = {}): Promise<SaveResult[]> {
      const composed = inputs.map((i) => composeBody(i.bodyMd, i.title, i.standfirst));
      return db
        .transaction()
        .execute(async (trx) => {
          const out = [];
          for (const [i, input] of inputs.entries()) out.push(await saveWithin(trx, input, composed[i]!, options));
          return out;
        })
        .then((out) => {
          announce(out.flatMap((r) => (r.change ? [r.change] : [])));
          return out.map(({ change: _change, ...result }) => result);
        });
    },

    /**
     * A batch of an import, in one transaction: each article created, revised or left as it is
     * (identical content), the content version bumped once. An article with an `origin` is found
     * by its source and id (its slug may have changed at the source); others by slug. `names`
     * carries the rubrics and tags known to exist from batch to batch; it is only added to once
     * the batch has committed. `dryRun` does all of it and rolls back, so the outcomes are
     * exactly what a real run would give.
     */
    async importBatch(
      entries: Array<{ input: ArticleInput; composed: ComposedBody }>,
      names: Set<string> = new Set(),
      options: { dryRun?: boolean } = {},
    ): Promise<Array<{ created: boolean; changed: boolean }>> {
      const added = new Set(names);
      let out: Array<{ created: boolean; changed: boolean; change: ArticleChange | null }> = [];
      try {
        await db.transaction().execute(async (trx) => {
          const results = [];
          for (const { input, composed } of entries) {
            const existing = input.origin ? await loadByOrigin(trx, input) : await loadBy(trx, 'a.slug', input.slug);
            const at = input.origin?.modifiedAt ? { updatedAt: input.origin.modifiedAt } : {};
            results.push(await writeWithin(trx, input, composed, at, existing, added));
          }
          if (results.some((r) => r.changed)) await bumpContentVersion(trx);
          out = results;
          if (options.dryRun) throw ROLL_BACK;
        });
      } catch (error) {
        if (error !== ROLL_BACK) throw error;
        return out.map(({ created, changed }) => ({ created, changed }));
      }
      announce(out.flatMap((r) => (r.change ? [r.change] : [])));
      for (const n of added) names.add(n);
      return out.map(({ created, changed }) => ({ created, changed }));
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
        await trx.updateTable('articles').set({ summary_edited: edited ? 1 : 0, revision, updated_at: now }).where('id', '=', id).execute();
        await trx.updateTable('article_bodies').set({ summary_json: summaryJson }).where('article_id', '=', id).execute();
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

const keyOf = (a: ArticleLink): Cursor => ({ at: a.publishedAt, id: a.id });

/** Which listing a timeline walks and from where: each shape is one statement, compiled once. */
type TimelineShape = { list: 'all' | 'rubric' | 'tag' | 'author'; from: 'top' | 'before' | 'after' };

/**
 * Up to `limit` visible articles next to a position: older ones newest first (`before`, or from
 * the top), newer ones oldest first (`after`). Written as a range on published_at with the twins
 * at the cursor's instant filtered by id, which every engine runs as one index range scan (the
 * tag and author listings on their link table's copy of the order). A cursor from the future
 * (not one this site wrote) reads as the top of the list. The statements are prepared once per
 * shape (db/prepared.ts): building and compiling them anew cost a listing a tenth of its time.
 */
function timelines(db: Kysely<Database>) {
  const statements = new Map<string, ReturnType<typeof timelineStatement>>();
  return async (trx: Db, query: Omit<ListQuery, 'pageSize'>, limit: number): Promise<ArticleLink[]> => {
    const now = query.now.toISOString();
    const before = query.before && query.before.at <= now ? query.before : undefined;
    const cursor = before ?? query.after;
    const shape: TimelineShape = {
      list: query.author !== undefined ? 'author' : query.tag !== undefined ? 'tag' : query.rubric !== undefined ? 'rubric' : 'all',
      from: before ? 'before' : query.after ? 'after' : 'top',
    };
    const key = `${shape.list}:${shape.from}`;
    let statement = statements.get(key);
    if (!statement) statements.set(key, (statement = timelineStatement(db, shape)));
    const values: Record<string, SqlValue> = { upper: before ? before.at : now, limit };
    if (shape.list !== 'all') values.filter = query.author ?? query.tag ?? query.rubric ?? null;
    if (cursor) Object.assign(values, { cursorAt: cursor.at, cursorId: cursor.id });
    const { rows } = await statement(trx, values);
    return rows.map((row) => toLink(row as LinkRow));
  };
}

function timelineStatement(db: Kysely<Database>, shape: TimelineShape) {
  const names = ['upper', 'limit', ...(shape.list === 'all' ? [] : ['filter']), ...(shape.from === 'top' ? [] : ['cursorAt', 'cursorId'])];
  return preparedQuery(db, names, (q, v) => {
    // A tag's or an author's listing walks its link table's copy of the order, joined as `at`.
    const byLink = shape.list === 'tag' || shape.list === 'author';
    const atCol = byLink ? 'at.published_at' : 'a.published_at';
    const idCol = byLink ? 'at.article_id' : 'a.id';
    let b = q.selectFrom('articles as a').leftJoin('rubrics as r', 'r.slug', 'a.rubric_slug').leftJoin('media as m', 'm.id', 'a.hero_media_id');
    if (shape.list === 'author') {
      b = b.innerJoin('article_authors as at', 'at.article_id', 'a.id').where('at.author_id', '=', numeric(v.filter!)).where('at.status', '=', 'published') as unknown as typeof b;
    } else if (shape.list === 'tag') {
      b = b.innerJoin('article_tags as at', 'at.article_id', 'a.id').where('at.tag_slug', '=', v.filter!).where('at.status', '=', 'published') as unknown as typeof b;
    } else {
      b = b.where('a.status', '=', 'published');
      if (shape.list === 'rubric') b = b.where('a.rubric_slug', '=', v.filter!);
    }
    const twins = (eb: ExpressionBuilder<Database & { a: Database['articles']; at: Database['article_tags'] }, 'a' | 'at'>, op: '<' | '>') =>
      eb.or([eb(atCol, op, v.cursorAt!), eb(idCol, op, numeric(v.cursorId!))]);
    const w = b as unknown as TimelineQuery;
    let r = w.where(atCol, '<=', v.upper!);
    if (shape.from === 'before') r = r.where((eb) => twins(eb, '<'));
    if (shape.from === 'after') r = r.where(atCol, '>=', v.cursorAt!).where((eb) => twins(eb, '>'));
    const direction = shape.from === 'after' ? 'asc' : 'desc';
    return r.select(LINK_COLUMNS).orderBy(atCol, direction).orderBy(idCol, direction).limit(numeric(v.limit!));
  });
}

// The builder as if article_tags were joined, so that both orders' columns type-check in one builder.
type TimelineQuery = SelectQueryBuilder<Database & { a: Database['articles']; r: Database['rubrics']; at: Database['article_tags']; m: Database['media'] }, 'a' | 'r' | 'at' | 'm', object>;

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
    hero: canonicalHero(input.hero),
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
    hero: canonicalHero(article.hero),
    status: article.status,
    publishedAt: article.publishedAt,
  };
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The hero's columns and its library item's, as LINK_COLUMNS and loadBy select them. */
type HeroRow = {
  hero_url: string | null;
  hero_alt: string | null;
  hero_credit: string | null;
  hero_media_id: number | null;
  hero_key: string | null;
  hero_format: 'jpeg' | 'png' | null;
  hero_width: number | null;
  hero_height: number | null;
  hero_media_alt: string | null;
  hero_media_credit: string | null;
  hero_caption: string | null;
};

function heroOf(row: HeroRow): { hero: Hero | null; heroImage: HeroImage | null } {
  if (row.hero_media_id !== null) {
    const hero = { mediaId: row.hero_media_id, alt: row.hero_alt ?? '', credit: row.hero_credit };
    const heroImage =
      row.hero_key !== null && row.hero_format !== null && row.hero_width !== null && row.hero_height !== null
        ? { id: row.hero_media_id, key: row.hero_key, format: row.hero_format, width: row.hero_width, height: row.hero_height, alt: row.hero_media_alt ?? '', credit: row.hero_media_credit ?? '', caption: row.hero_caption ?? '' }
        : null;
    return { hero, heroImage };
  }
  return { hero: row.hero_url ? { url: row.hero_url, alt: row.hero_alt ?? '', credit: row.hero_credit } : null, heroImage: null };
}

function toArticle(row: ArticleRow & HeroRow & { rubric_name: string | null }, tags: Named[]): Article {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    standfirst: row.standfirst,
    bodyMd: row.body_md,
    bodyHtml: row.body_html,
    plainText: row.plain_text,
    author: row.author,
    authors: JSON.parse(row.authors_json) as Named[],
    rubric: row.rubric_slug ? { slug: row.rubric_slug, name: row.rubric_name ?? row.rubric_slug } : null,
    tags,
    ...heroOf(row),
    status: row.status,
    publishedAt: row.published_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    revision: row.revision,
    summary: row.summary_json ? (JSON.parse(row.summary_json) as StoredSummary) : null,
    summaryEdited: row.summary_edited === 1,
    ownerId: row.owner_id,
    review: { state: row.review_state, note: row.review_note, submittedAt: row.submitted_at },
  };
}

type LinkRow = HeroRow & {
  id: number;
  slug: string;
  title: string;
  standfirst: string;
  published_at: string;
  rubric_slug: string | null;
  rubric_name: string | null;
  authors_json: string;
};

export function toLink(row: LinkRow): ArticleLink {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    standfirst: row.standfirst,
    publishedAt: row.published_at,
    rubric: row.rubric_slug ? { slug: row.rubric_slug, name: row.rubric_name ?? row.rubric_slug } : null,
    authors: JSON.parse(row.authors_json) as Named[],
    ...heroOf(row),
  };
}

