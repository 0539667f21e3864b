/**
 * The synthetic archive (bench/archive/generate.ts) as a Ghost 5 export (Settings → Advanced →
 * Export content): one line of JSON, `{"db":[{"meta":{…},"data":{…}}]}`, with the tables in the
 * order Ghost writes them (posts first, then posts_authors, posts_meta, posts_tags, tags, users).
 * Each post has its html, its Lexical document (a string of JSON, as Ghost 5 stores it) and its
 * plaintext; the rubric is the primary tag (Ghost has no categories); about one post in five has
 * a feature image (under `__GHOST_URL__/content/images/`, alt text in posts_meta for three in
 * four), half of those show it in the text as an image card. Deterministic: the same N gives the
 * same file.
 *
 *   tsx bench/import/generate-ghost.ts N OUT.json
 */
import { random } from '../archive/generate';
import { ARCHIVE_NOW, articles, AUTHORS, escapeHtml, loginOf, paragraphsOf, slugOf, type SyntheticArticle } from './articles';
import { writeChunks } from './write-file';

/** Part of the cached file's name: bump it whenever the output changes. */
export const GHOST_FORMAT = 1;

const GHOST_VERSION = '5.80.2';

/** A MongoDB-style ObjectId, as Ghost's ids are: deterministic here, one range per table. */
const objectId = (table: number, i: number) => `65f0a1b2${table.toString(16).padStart(4, '0')}${i.toString(16).padStart(12, '0')}`;
const uuid = (i: number) => `3b0e6d2a-0000-4a1e-9d4b-${i.toString(16).padStart(12, '0')}`;
const iso = (ms: number) => new Date(ms).toISOString();
const TABLE = { posts: 1, users: 2, postsAuthors: 3, postsMeta: 4, postsTags: 5, tags: 6 };

interface Image {
  url: string;
  alt: string;
  caption: string;
}

const textNode = (text: string) => ({ detail: 0, format: 0, mode: 'normal', style: '', text, type: 'extended-text', version: 1 });
const block = { direction: 'ltr', format: '', indent: 0, version: 1 };

function post(a: SyntheticArticle, i: number, image: Image | null, imageInBody: boolean, rand: () => number): Record<string, unknown> {
  const at = Date.parse(a.date);
  const paragraphs = paragraphsOf(a);
  const html = paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`);
  const lexical: unknown[] = paragraphs.map((p) => ({ children: [textNode(p)], ...block, type: 'paragraph' }));
  if (image && imageInBody) {
    const where = 1 + Math.floor(rand() * Math.min(2, paragraphs.length));
    const sized = (w: number) => image.url.replace('/content/images/', `/content/images/size/w${w}/`);
    html.splice(
      where,
      0,
      `<figure class="kg-card kg-image-card kg-card-hascaption"><img src="${image.url}" class="kg-image" alt="${escapeHtml(image.alt)}" loading="lazy" width="2000" height="1125" srcset="${sized(600)} 600w, ${sized(1000)} 1000w, ${sized(1600)} 1600w, ${image.url} 2000w" sizes="(min-width: 720px) 720px"><figcaption><span style="white-space: pre-wrap;">${escapeHtml(image.caption)}</span></figcaption></figure>`,
    );
    lexical.splice(where, 0, { type: 'image', version: 1, src: image.url, width: 2000, height: 1125, title: '', alt: image.alt, caption: `<span style="white-space: pre-wrap;">${escapeHtml(image.caption)}</span>`, cardWidth: 'regular', href: '' });
  }
  const id = objectId(TABLE.posts, i + 1);
  const created = at - Math.round(rand() * 86400_000);
  return {
    id,
    uuid: uuid(i + 1),
    title: a.title,
    slug: a.slug,
    mobiledoc: null,
    lexical: JSON.stringify({ root: { children: lexical, ...block, type: 'root' } }),
    html: html.join(''),
    comment_id: id,
    plaintext: paragraphs.join('\n\n'),
    feature_image: image?.url ?? null,
    featured: rand() < 0.02 ? 1 : 0,
    type: 'post',
    // A post dated after the export is scheduled.
    status: at > ARCHIVE_NOW ? 'scheduled' : 'published',
    locale: null,
    visibility: 'public',
    email_recipient_filter: 'all',
    created_at: iso(created),
    updated_at: iso(at),
    published_at: iso(at),
    custom_excerpt: a.description,
    codeinjection_head: null,
    codeinjection_foot: null,
    custom_template: null,
    canonical_url: null,
    newsletter_id: null,
    show_title_and_feature_image: 1,
  };
}

export function* ghost(n: number): Generator<string> {
  // Extras (images, created_at) draw from their own sequence: the articles stay those of generate.ts.
  const rand = random(5_80_2);
  const sentence = (a: SyntheticArticle) => {
    const words = a.body.split(/\s+/);
    const from = Math.floor(rand() * Math.max(1, words.length - 12));
    const s = words.slice(from, from + 4 + Math.floor(rand() * 8)).join(' ').replace(/\.$/, '');
    return s[0]!.toUpperCase() + s.slice(1) + '.';
  };
  // Tags in the order first used; the join tables are small rows, kept until the posts are written.
  const tags = new Map<string, number>();
  const postsTags: Array<[post: number, tag: number, order: number]> = [];
  const postsMeta: Array<[post: number, alt: string | null, caption: string]> = [];
  const tagOf = (name: string) => {
    if (!tags.has(name)) tags.set(name, tags.size + 1);
    return tags.get(name)!;
  };
  yield `{"db":[{"meta":${JSON.stringify({ exported_on: ARCHIVE_NOW, version: GHOST_VERSION })},"data":{"posts":[`;
  let i = 0;
  for (const a of articles(n)) {
    let image: Image | null = null;
    if (rand() < 0.2) {
      const month = a.date.slice(0, 7).replace('-', '/');
      image = { url: `__GHOST_URL__/content/images/${month}/${a.slug}-photo.jpg`, alt: rand() < 0.75 ? sentence(a).slice(0, -1) : '', caption: sentence(a) };
      postsMeta.push([i + 1, image.alt || null, image.caption]);
    }
    const inBody = image !== null && rand() < 0.5;
    [a.rubric, ...a.tags].forEach((name, order) => postsTags.push([i + 1, tagOf(name), order]));
    yield `${i > 0 ? ',' : ''}${JSON.stringify(post(a, i, image, inBody, rand))}`;
    i++;
  }
  yield '],"posts_authors":[';
  for (let p = 1; p <= i; p++) {
    // generate.ts gives article k the author k mod 8.
    yield `${p > 1 ? ',' : ''}${JSON.stringify({ id: objectId(TABLE.postsAuthors, p), post_id: objectId(TABLE.posts, p), author_id: objectId(TABLE.users, ((p - 1) % AUTHORS.length) + 1), sort_order: 0 })}`;
  }
  yield '],"posts_meta":[';
  yield postsMeta
    .map(([p, alt, caption], k) =>
      JSON.stringify({
        id: objectId(TABLE.postsMeta, k + 1),
        post_id: objectId(TABLE.posts, p),
        og_image: null,
        og_title: null,
        og_description: null,
        twitter_image: null,
        twitter_title: null,
        twitter_description: null,
        meta_title: null,
        meta_description: null,
        email_subject: null,
        frontmatter: null,
        feature_image_alt: alt,
        feature_image_caption: caption,
        email_only: 0,
      }),
    )
    .join(',');
  yield '],"posts_tags":[';
  for (let k = 0; k < postsTags.length; k += 1000) {
    yield `${k > 0 ? ',' : ''}${postsTags
      .slice(k, k + 1000)
      .map(([p, t, order], j) => JSON.stringify({ id: objectId(TABLE.postsTags, k + j + 1), post_id: objectId(TABLE.posts, p), tag_id: objectId(TABLE.tags, t), sort_order: order }))
      .join(',')}`;
  }
  const since = iso(ARCHIVE_NOW - 11 * 365 * 86400_000);
  yield '],"tags":[';
  yield [...tags]
    .map(([name, t]) => JSON.stringify({ id: objectId(TABLE.tags, t), name, slug: slugOf(name), description: null, feature_image: null, parent_id: null, visibility: 'public', created_at: since, updated_at: since }))
    .join(',');
  yield '],"users":[';
  yield AUTHORS.map((name, u) =>
    JSON.stringify({ id: objectId(TABLE.users, u + 1), name, slug: loginOf(name), email: `${loginOf(name)}@motorweek.example`, profile_image: null, bio: null, website: null, location: null, status: 'active', created_at: since, updated_at: since }),
  ).join(',');
  yield ']}}]}';
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await writeChunks(process.argv[3] ?? 'archive.json', ghost(Number(process.argv[2] ?? 1000)));
}
