import crypto from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import type { Config } from '../config';
import { Refusal } from '../errors';
import { SlugParams } from '../web/schemas';
import type { SiteState } from '../web/site-state';
import { feedItems, lastModified, type FeedChannel, type FeedItem } from './feeds/feed-items';
import { feedExtras } from './feeds/feed-queries';
import { renderJsonFeed } from './feeds/json-feed';
import { renderRss, renderYandexRss } from './feeds/rss';
import type { ArticlesRepository, ListQuery } from './repository';

const FEED_SIZE = 20;
/** Aggregators poll; a feed is reused this long at most while nothing in the database changes. */
const MAX_AGE_MS = 60_000;
const CACHE_CONTROL = 'public, max-age=300';
const RSS_TYPE = 'application/rss+xml; charset=utf-8';
const JSON_FEED_TYPE = 'application/feed+json; charset=utf-8';

const schemas = {
  site: {},
  section: { params: SlugParams },
};

type Scope = Pick<ListQuery, 'rubric' | 'tag' | 'author'>;
/** A feed's channel and which articles it lists; `homePath` is the page it follows, `feedPath` its address without `.xml`/`.json`. */
interface FeedSource {
  scope: Scope;
  title: string;
  description: string;
  homePath: string;
  feedPath: string;
}

interface Rendered {
  body: string;
  lastModified: number | null;
}
interface Entry extends Rendered {
  version: number;
  validUntil: number;
  etag: string;
}

/** Weak comparison (RFC 9110 §13.1.2): `W/"x"` and `"x"` name the same representation here. */
function etagMatches(header: string, etag: string): boolean {
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

/** RFC 9110 §13.2.2: If-None-Match decides when sent; If-Modified-Since is read only without it. */
function notModified(request: FastifyRequest, entry: Entry): boolean {
  const inm = request.headers['if-none-match'];
  if (inm !== undefined) return etagMatches(inm, entry.etag);
  const ims = request.headers['if-modified-since'];
  if (ims === undefined || entry.lastModified === null) return false;
  const since = Date.parse(ims);
  // Last-Modified has whole seconds: compare at that precision.
  return Number.isFinite(since) && Math.floor(entry.lastModified / 1000) * 1000 <= since;
}

/**
 * The site's feeds: RSS 2.0 with the full text and JSON Feed 1.1, for the site, each rubric, tag
 * and author; optionally Yandex's variant of the site feed. Each answers conditional requests
 * (ETag, Last-Modified) with 304, and is rendered once per content version: the page cache does
 * not keep Last-Modified, so feeds keep their own copies, checked against the same version.
 */
export const feedRoutes: FastifyPluginAsyncTypebox<{ articles: ArticlesRepository; siteState: SiteState; now: () => Date; config: Config }> = async (app, deps) => {
  const { articles, siteState, now, config } = deps;
  const base = config.SITE_URL;
  const abs = (path: string) => new URL(path, base).href;
  const cache = config.PAGE_CACHE === 'on' ? new LRUCache<string, Entry>({ max: 500 }) : null;

  async function itemsOf(scope: Scope): Promise<FeedItem[]> {
    const page = await articles.listVisible({ ...scope, pageSize: FEED_SIZE, now: now() });
    const links = page?.items ?? [];
    const extras = await feedExtras(articles.db, links.map((l) => l.id));
    return feedItems(links, extras, { url: base, rubricName: siteState.i18n.rubricName });
  }

  /** Answers from the copy for this address while the content version and the clock allow, else renders it. */
  async function serve(request: FastifyRequest, reply: FastifyReply, type: string, render: () => Promise<Rendered>) {
    const snapshot = await siteState.current();
    const at = now().getTime();
    const key = request.url.split('?', 1)[0] ?? request.url;
    let entry = cache?.get(key);
    if (!entry || entry.version !== snapshot.version || at >= entry.validUntil) {
      const rendered = await render();
      entry = { ...rendered, version: snapshot.version, validUntil: Math.min(snapshot.stableUntil, at + MAX_AGE_MS), etag: `W/"${crypto.createHash('sha1').update(rendered.body).digest('base64url')}"` };
      cache?.set(key, entry);
    }
    reply.type(type).header('cache-control', CACHE_CONTROL).header('etag', entry.etag);
    if (entry.lastModified !== null) reply.header('last-modified', new Date(entry.lastModified).toUTCString());
    if (notModified(request, entry)) return reply.code(304).send();
    return reply.send(entry.body);
  }

  const channelOf = (source: FeedSource): FeedChannel => ({ title: source.title, description: source.description, homeUrl: abs(source.homePath), lang: siteState.i18n.lang });

  async function rss(source: FeedSource): Promise<Rendered> {
    const items = await itemsOf(source.scope);
    const updated = lastModified(items);
    return { body: renderRss(channelOf(source), abs(`${source.feedPath}.xml`), items, updated), lastModified: updated };
  }

  async function jsonFeed(source: FeedSource): Promise<Rendered> {
    const items = await itemsOf(source.scope);
    return { body: renderJsonFeed(channelOf(source), abs(`${source.feedPath}.json`), items), lastModified: lastModified(items) };
  }

  // Each source is looked up inside the render, so a cached feed costs no lookup; an unknown one is a 404.
  const siteSource = async (): Promise<FeedSource> => {
    const { site } = await siteState.current();
    return { scope: {}, title: site.config.SITE_NAME, description: site.i18n.t('front.description'), homePath: '/', feedPath: '/feed' };
  };
  const rubricSource = async (slug: string): Promise<FeedSource> => {
    const rubric = await articles.findRubric(slug);
    if (!rubric) throw new Refusal('no_section');
    const { t, rubricName } = siteState.i18n;
    const name = rubricName(rubric.slug, rubric.name);
    return { scope: { rubric: rubric.slug }, title: `${t('rubric.title', { name })} · ${config.SITE_NAME}`, description: t('rubric.description', { name }), homePath: `/rubric/${rubric.slug}`, feedPath: `/rubric/${rubric.slug}/feed` };
  };
  const tagSource = async (slug: string): Promise<FeedSource> => {
    const tag = await articles.findTag(slug);
    if (!tag) throw new Refusal('no_tag');
    const { t } = siteState.i18n;
    return { scope: { tag: tag.slug }, title: `${t('tag.title', { name: tag.name })} · ${config.SITE_NAME}`, description: t('tag.description', { name: tag.name }), homePath: `/tag/${tag.slug}`, feedPath: `/tag/${tag.slug}/feed` };
  };
  const authorSource = async (slug: string): Promise<FeedSource> => {
    const author = await articles.findAuthor(slug);
    if (!author) throw new Refusal('no_author');
    const { t } = siteState.i18n;
    return { scope: { author: author.id }, title: `${author.name} · ${config.SITE_NAME}`, description: t('author.description', { name: author.name }), homePath: `/author/${author.slug}`, feedPath: `/author/${author.slug}/feed` };
  };

  app.get('/feed.xml', { schema: schemas.site }, (request, reply) => serve(request, reply, RSS_TYPE, async () => rss(await siteSource())));
  app.get('/feed.json', { schema: schemas.site }, (request, reply) => serve(request, reply, JSON_FEED_TYPE, async () => jsonFeed(await siteSource())));
  app.get('/rubric/:slug/feed.xml', { schema: schemas.section }, (request, reply) => serve(request, reply, RSS_TYPE, async () => rss(await rubricSource(request.params.slug))));
  app.get('/rubric/:slug/feed.json', { schema: schemas.section }, (request, reply) => serve(request, reply, JSON_FEED_TYPE, async () => jsonFeed(await rubricSource(request.params.slug))));
  app.get('/tag/:slug/feed.xml', { schema: schemas.section }, (request, reply) => serve(request, reply, RSS_TYPE, async () => rss(await tagSource(request.params.slug))));
  app.get('/tag/:slug/feed.json', { schema: schemas.section }, (request, reply) => serve(request, reply, JSON_FEED_TYPE, async () => jsonFeed(await tagSource(request.params.slug))));
  app.get('/author/:slug/feed.xml', { schema: schemas.section }, (request, reply) => serve(request, reply, RSS_TYPE, async () => rss(await authorSource(request.params.slug))));
  app.get('/author/:slug/feed.json', { schema: schemas.section }, (request, reply) => serve(request, reply, JSON_FEED_TYPE, async () => jsonFeed(await authorSource(request.params.slug))));

  if (config.FEED_YANDEX === 'on') {
    const newsRubrics = new Set(config.FEED_YANDEX_NEWS_RUBRICS);
    app.get('/feed/yandex.xml', { schema: schemas.site }, (request, reply) =>
      serve(request, reply, RSS_TYPE, async () => {
        const source = await siteSource();
        const items = await itemsOf(source.scope);
        const updated = lastModified(items);
        const genre = (item: FeedItem) => (item.rubric && newsRubrics.has(item.rubric.slug) ? 'message' : 'article');
        return { body: renderYandexRss(channelOf(source), abs('/feed/yandex.xml'), items, updated, genre), lastModified: updated };
      }),
    );
  }
};
