import slugify from '@sindresorhus/slugify';
import { DateTime } from 'luxon';
import type { ArticleInput, Named } from '../model';
import { GhostFileError, readGhost } from './ghost-reader';
import { htmlToBody } from './html-body';
import { ImportFieldError } from './parse-article';
import { checkedSlug, checkedTitle, dedupeNamed, itemLabel, namedTerm, plainText, termKind, type AuthorLink, type HeroFile, type OldTermPath, type SourcePerson, type SourceRecord, type Tally } from './source-record';

type Row = Record<string, unknown>;

/** What the first reading learns: every table but the posts, keyed for joining. */
interface Survey {
  version: string;
  tags: Map<string, { ours: Named | null; slug: string }>;
  users: Map<string, SourcePerson>;
  postTags: Map<string, Array<{ id: string; order: number }>>;
  postAuthors: Map<string, Array<{ id: string; order: number }>>;
  postMeta: Map<string, { alt: string; caption: string }>;
}

const SMALL_TABLES = new Set(['tags', 'users', 'posts_tags', 'posts_authors', 'posts_meta']);
const GHOST_URL = '__GHOST_URL__';

const text = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/**
 * The posts of a Ghost export (5.x), read in two streaming passes: the first checks the whole file
 * (valid JSON to its end, the version) and reads the small tables a post is joined with (tags,
 * users and the links between them); the second maps each post. Ghost writes `posts` before
 * `tags` and `users`, so one pass could not join them without holding every post.
 */
export async function* ghostRecords(file: string, tally: Tally, onBytes?: (n: number) => void): AsyncGenerator<SourceRecord> {
  const survey = await surveyGhost(file);
  const writers = new Set<string>();
  for await (const { value } of readGhost(file, (p) => p.kind === 'row' && p.table === 'posts', onBytes)) {
    const post = (value ?? {}) as Row;
    const type = text(post.type) || 'post';
    if (type !== 'post') {
      tally('skipped', type === 'page' ? 'page' : `post type ${type}`);
      continue;
    }
    const id = text(post.id);
    const label = itemLabel('post', id, plainText(text(post.title)));
    try {
      const record = mapPost(post, id, survey, tally);
      for (const p of record.people) writers.add(p.key);
      yield { item: label, ...record };
    } catch (error) {
      if (!(error instanceof ImportFieldError)) throw error;
      yield { item: label, error };
    }
  }
  // Ghost exports every staff user; only those who wrote an imported post come over.
  const idle = [...survey.users.keys()].filter((id) => !writers.has(id)).length;
  if (idle) tally('skipped', 'staff user with no imported post', idle);
}

async function surveyGhost(file: string): Promise<Survey> {
  const survey: Survey = { version: '', tags: new Map(), users: new Map(), postTags: new Map(), postAuthors: new Map(), postMeta: new Map() };
  const link = (into: Map<string, Array<{ id: string; order: number }>>, row: Row, key: string) => {
    const post = text(row.post_id);
    into.set(post, [...(into.get(post) ?? []), { id: text(row[key]), order: Number(row.sort_order ?? 0) }]);
  };
  for await (const { place, value } of readGhost(file, (p) => p.kind === 'meta' || SMALL_TABLES.has(p.table))) {
    const row = (value ?? {}) as Row;
    if (place.kind === 'meta') survey.version = text(row.version);
    else if (place.table === 'tags') survey.tags.set(text(row.id), { ours: namedTerm(text(row.name), text(row.slug)), slug: text(row.slug) });
    else if (place.table === 'users') {
      const person = personOf(row);
      if (person) survey.users.set(person.key, person);
    }
    else if (place.table === 'posts_tags') link(survey.postTags, row, 'tag_id');
    else if (place.table === 'posts_authors') link(survey.postAuthors, row, 'author_id');
    else if (place.table === 'posts_meta') survey.postMeta.set(text(row.post_id), { alt: plainText(text(row.feature_image_alt)), caption: plainText(text(row.feature_image_caption)) });
  }
  const major = Number(/^(\d+)\./.exec(survey.version)?.[1] ?? NaN);
  // Ghost 5 is the format these rules were written from; 6 writes the same tables.
  if (!(major >= 5)) {
    throw new GhostFileError(`is a Ghost export of an unsupported version (${survey.version ? `Ghost ${survey.version}` : 'no meta.version'}); Ghost 5 or later is read: update Ghost and export again (Settings → Advanced → Import/Export)`);
  }
  return survey;
}

function mapPost(post: Row, id: string, survey: Survey, tally: Tally): { input: ArticleInput; heroFile: HeroFile | null; people: SourcePerson[]; oldTerms: OldTermPath[] } {
  const title = checkedTitle(text(post.title));
  const slug = checkedSlug(text(post.slug), title);
  const status = text(post.status) || 'draft';
  if (status === 'sent') tally('notes', 'email-only post imported as a draft');
  // A members-only or paid post was never public: it must not become public by moving.
  const visibility = text(post.visibility) || 'public';
  if (visibility !== 'public') tally('notes', `post for ${visibility} only imported as a draft`);
  const published = (status === 'published' || status === 'scheduled') && visibility === 'public';
  const publishedAt = ghostDate(post.published_at) ?? ghostDate(post.updated_at) ?? ghostDate(post.created_at);
  if (!publishedAt) throw new ImportFieldError('published_at', 'is missing, and so are updated_at and created_at');
  const modifiedAt = ghostDate(post.updated_at);

  // Ghost's primary tag is the first; internal tags (#name) organise the site, not readers' pages.
  const sourceTags = [...(survey.postTags.get(id) ?? [])]
    .sort((a, b) => a.order - b.order)
    .map((t) => survey.tags.get(t.id))
    .filter((t) => t?.ours && !t.ours.name.startsWith('#'));
  const tags = dedupeNamed(sourceTags.map((t) => t!.ours));
  const people = [...(survey.postAuthors.get(id) ?? [])]
    .sort((a, b) => a.order - b.order)
    .map((a) => survey.users.get(a.id))
    .filter((p): p is SourcePerson => p !== undefined);

  // A callout card is a box of divs, which the sanitizer would unwrap into loose text: keep its words as a paragraph.
  let html = text(post.html)
    .replace(/<div class="kg-callout-emoji">[^<]*<\/div>/g, '')
    .replace(/<div class="kg-callout-text">([\s\S]*?)<\/div>/g, '<p>$1</p>');
  if (html.includes(GHOST_URL)) {
    tally('notes', `post whose images address the old site (${GHOST_URL}: made site-relative)`);
    html = html.replaceAll(GHOST_URL, '');
  }

  let hero: ArticleInput['hero'] = null;
  let heroFile: HeroFile | null = null;
  const image = text(post.feature_image);
  if (image) {
    const meta = survey.postMeta.get(id) ?? { alt: '', caption: '' };
    const alt = meta.alt || meta.caption || title;
    if (!meta.alt) tally('notes', 'featured image without alt text (caption or title used)');
    const url = image.startsWith(GHOST_URL) ? image.slice(GHOST_URL.length) : image;
    hero = { url, alt, credit: null };
    const relative = /\/content\/images\/(.+)$/.exec(url)?.[1] ?? null;
    if (relative) heroFile = { relative: decodeURIComponent(relative), alt, caption: meta.caption };
  }

  const input: ArticleInput = {
    slug,
    title,
    standfirst: plainText(text(post.custom_excerpt)),
    bodyMd: htmlToBody(html, { autop: false }),
    author: people.map((p) => p.name).join(', '),
    rubric: tags[0] ?? null,
    tags: tags.slice(1),
    hero,
    status: published ? 'published' : 'draft',
    publishedAt,
    origin: { source: 'ghost', id, url: `/${text(post.slug)}/`, ...(modifiedAt ? { modifiedAt } : {}) },
  };
  const oldTerms: OldTermPath[] = [];
  for (const t of sourceTags) {
    const kind = t!.slug ? termKind(input, t!.ours!.slug) : null;
    if (kind) oldTerms.push({ from: `/tag/${t!.slug}/`, kind, slug: t!.ours!.slug });
  }
  return { input, heroFile, people, oldTerms };
}

/**
 * A Ghost staff user as one of our authors: name, slug, bio, their website, X (Twitter) and
 * Facebook as links (Ghost keeps a handle, `@name`, and a page name), and their profile picture.
 * Their page there was /author/<slug>/.
 */
function personOf(row: Row): SourcePerson | null {
  const key = text(row.id);
  const name = plainText(text(row.name)) || text(row.slug);
  const slug = slugify(text(row.slug) || name).slice(0, 120).replace(/-+$/, '');
  if (!key || !name || !slug) return null;
  const links: AuthorLink[] = [];
  const website = text(row.website).trim();
  if (/^https?:\/\/[^\s]+$/i.test(website)) links.push({ label: 'Website', url: website });
  const twitter = text(row.twitter).trim().replace(/^@/, '');
  if (/^\w{1,50}$/.test(twitter)) links.push({ label: 'X (Twitter)', url: `https://x.com/${twitter}` });
  const facebook = text(row.facebook).trim().replace(/^\/+/, '');
  if (/^https?:\/\/\S+$/i.test(facebook)) links.push({ label: 'Facebook', url: facebook });
  else if (/^[\w.\-/]{1,100}$/.test(facebook)) links.push({ label: 'Facebook', url: `https://www.facebook.com/${facebook}` });
  const image = text(row.profile_image).trim();
  let photo: SourcePerson['photo'] = null;
  if (image) {
    const url = image.startsWith(GHOST_URL) ? image.slice(GHOST_URL.length) : image;
    const relative = /\/content\/images\/(.+)$/.exec(url)?.[1] ?? null;
    photo = { url, file: relative ? { relative: safeDecode(relative), alt: name, caption: '' } : null };
  }
  return { key, slug, name, bio: plainText(text(row.bio)), links, photo, oldPath: text(row.slug) ? `/author/${text(row.slug)}/` : null };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Ghost 5 writes ISO 8601 in UTC; older exports a bare "YYYY-MM-DD HH:MM:SS", which is UTC too. */
function ghostDate(v: unknown): Date | null {
  if (typeof v !== 'string' || !v.trim()) return null;
  const iso = DateTime.fromISO(v.trim(), { zone: 'utc' });
  const at = iso.isValid ? iso : DateTime.fromSQL(v.trim(), { zone: 'utc' });
  return at.isValid ? at.toJSDate() : null;
}
