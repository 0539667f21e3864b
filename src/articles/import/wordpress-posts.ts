import slugify from '@sindresorhus/slugify';
import { DateTime } from 'luxon';
import type { ArticleInput } from '../model';
import { ImportFieldError } from './parse-article';
import { checkedSlug, checkedTitle, dedupeNamed, detached, itemLabel, namedTerm, plainText, termKind, type HeroFile, type OldTermPath, type SourcePerson, type SourceRecord, type Tally } from './source-record';
import { wordpressBody, type BodyNotes, type WpAttachment } from './wordpress-body';
import { emptyChannel, readWxr, WXR_NAMESPACE, WXR_VERSION, WxrFileError, type WxrChannel, type WxrItem } from './wxr-reader';

const ZERO_DATE = '0000-00-00 00:00:00';

/** What the first reading of the file learns: the attachments (for images) and the channel. */
interface Survey {
  channel: WxrChannel;
  attachments: Map<string, WpAttachment>;
  /** Post id → its attached images' ids, for a [gallery] without ids. */
  children: Map<string, string[]>;
}

/**
 * The posts of a WordPress export (WXR 1.2), read in two streaming passes: the first checks the
 * whole file (version, well-formed to its last tag) and collects the attachments, which WordPress
 * writes anywhere in the file, often after the posts that show them; the second maps each post.
 * So a cut-off or wrong-version file stores nothing, and memory holds the attachments' addresses,
 * never the posts.
 */
export async function* wordpressRecords(file: string, timeZone: string, tally: Tally, onBytes?: (n: number) => void): AsyncGenerator<SourceRecord> {
  const survey = await surveyWxr(file);
  const { channel } = survey;
  const site = (channel.baseSiteUrl || channel.link).replace(/\/+$/, '');
  const notes: BodyNotes = { unknownShortcodes: new Map(), missingGalleryImages: 0 };
  const second = emptyChannel();
  const writers = new Set<string>();
  for await (const item of readWxr(file, second, onBytes)) {
    const type = item.fields.get('wp:post_type') ?? 'post';
    if (item.comments > 0) tally('skipped', 'comment', item.comments);
    if (type === 'attachment') continue;
    if (type !== 'post') {
      tally('skipped', type === 'page' ? 'page' : type === 'nav_menu_item' ? 'menu item' : `post type ${type}`);
      continue;
    }
    const id = item.fields.get('wp:post_id')?.trim() ?? '?';
    const label = itemLabel('post', id, plainText(item.fields.get('title') ?? ''));
    const status = item.fields.get('wp:status')?.trim() ?? 'publish';
    if (status === 'trash' || status === 'auto-draft' || status === 'inherit') {
      tally('skipped', `post with status ${status}`);
      continue;
    }
    try {
      const record = mapPost(item, id, status, site, survey, timeZone, tally, notes);
      for (const p of record.people) writers.add(p.key);
      yield { item: label, ...record };
    } catch (error) {
      if (!(error instanceof ImportFieldError)) throw error;
      yield { item: label, error };
    }
  }
  for (const [name, n] of notes.unknownShortcodes) tally('notes', `unknown shortcode [${name}] kept as text`, n);
  if (notes.missingGalleryImages) tally('notes', 'gallery image not in the export (left out)', notes.missingGalleryImages);
  const idle = [...channel.authors.keys()].filter((login) => !writers.has(login)).length;
  if (idle) tally('skipped', 'author with no imported post', idle);
}

async function surveyWxr(file: string): Promise<Survey> {
  const channel = emptyChannel();
  const attachments = new Map<string, WpAttachment>();
  const children = new Map<string, string[]>();
  for await (const item of readWxr(file, channel)) {
    if (item.fields.get('wp:post_type') !== 'attachment') continue;
    // Copies (detached): a slice of the parser's text would keep its whole chunk of the file alive.
    const id = detached(item.fields.get('wp:post_id')?.trim() ?? '');
    const parent = detached(item.fields.get('wp:post_parent')?.trim() ?? '0');
    const file = item.meta.get('_wp_attached_file')?.trim();
    attachments.set(id, {
      id,
      url: detached(item.fields.get('wp:attachment_url')?.trim() ?? item.fields.get('guid')?.trim() ?? ''),
      file: file ? detached(file) : null,
      alt: detached(plainText(item.meta.get('_wp_attachment_image_alt') ?? '')),
      caption: detached(plainText(item.fields.get('excerpt:encoded') ?? '')),
      title: detached(plainText(item.fields.get('title') ?? '')),
      parent,
    });
    if (parent !== '0') children.set(parent, [...(children.get(parent) ?? []), id]);
  }
  if (channel.namespace !== WXR_NAMESPACE || channel.version !== WXR_VERSION) {
    const found = channel.version ? `WXR ${channel.version}` : channel.namespace ? `namespace ${channel.namespace}` : 'no wp:wxr_version';
    throw new WxrFileError(`is a WordPress export of an unsupported version (${found}); only WXR ${WXR_VERSION} is read: export it again from WordPress 3.1 or later (Tools → Export)`);
  }
  return { channel, attachments, children };
}

function mapPost(
  item: WxrItem,
  id: string,
  status: string,
  site: string,
  survey: Survey,
  timeZone: string,
  tally: Tally,
  notes: BodyNotes,
): { input: ArticleInput; heroFile: HeroFile | null; people: SourcePerson[]; oldTerms: OldTermPath[] } {
  const f = item.fields;
  const title = checkedTitle(f.get('title') ?? '');
  const slug = checkedSlug(f.get('wp:post_name')?.trim() ?? '', title);
  if (status === 'private') tally('notes', 'private post imported as a draft');
  if (status === 'pending') tally('notes', 'pending post imported as a draft');
  // A password-protected post was never public: it must not become public by moving.
  const locked = (f.get('wp:post_password') ?? '') !== '';
  if (locked) tally('notes', 'password-protected post imported as a draft');
  const publishedAt = postDate(f.get('wp:post_date_gmt'), f.get('wp:post_date'), timeZone, 'date', tally);
  const modifiedAt = postDate(f.get('wp:post_modified_gmt'), f.get('wp:post_modified'), timeZone, 'modified', null);

  const categories = item.categories.filter((c) => c.domain === 'category');
  // "Uncategorized" is WordPress's placeholder for a post nobody filed: not a rubric worth a page.
  const filed = categories.filter((c) => c.nicename !== 'uncategorized');
  const rubric = filed[0] ? namedTerm(filed[0].name, filed[0].nicename) : null;
  const tags = dedupeNamed([...filed.slice(1), ...item.categories.filter((c) => c.domain === 'post_tag')].map((c) => namedTerm(c.name, c.nicename))).filter((t) => t.slug !== rubric?.slug);

  const login = f.get('dc:creator')?.trim() ?? '';
  const author = survey.channel.authors.get(login) ?? login;
  const person = login ? personOf(login, author) : null;

  let hero: ArticleInput['hero'] = null;
  let heroFile: HeroFile | null = null;
  const thumbnail = item.meta.get('_thumbnail_id')?.trim();
  if (thumbnail) {
    const a = survey.attachments.get(thumbnail);
    if (!a || !a.url) tally('notes', 'featured image not in the export (left out)');
    else {
      // Alt text is required to publish with a library image: the caption or the image's title stand in when the export has none.
      const alt = a.alt || a.caption || a.title || title;
      if (!a.alt) tally('notes', 'featured image without alt text (caption or title used)');
      hero = { url: a.url, alt, credit: null };
      const relative = a.file ?? /\/wp-content\/uploads\/(.+)$/.exec(a.url)?.[1] ?? null;
      if (relative) heroFile = { relative, alt, caption: a.caption };
    }
  }

  const input: ArticleInput = {
    slug,
    title,
    standfirst: plainText(f.get('excerpt:encoded') ?? ''),
    bodyMd: wordpressBody(f.get('content:encoded') ?? '', id, survey.attachments, survey.children, notes),
    author,
    rubric,
    tags,
    hero,
    // A future post is published at its date: our "scheduled" is a published article whose time has not come.
    status: (status === 'publish' || status === 'future') && !locked ? 'published' : 'draft',
    publishedAt,
    origin: { source: `wp:${site}`, id, url: f.get('link')?.trim() || null, ...(modifiedAt ? { modifiedAt } : {}) },
  };
  const oldTerms: OldTermPath[] = [];
  for (const c of item.categories) {
    const ours = namedTerm(c.name, c.nicename)?.slug;
    const kind = ours && c.nicename ? termKind(input, ours) : null;
    if (!kind) continue;
    if (c.domain === 'post_tag') oldTerms.push({ from: `/tag/${c.nicename}/`, kind, slug: ours! });
    else if (c.domain === 'category') {
      // A child category's address holds its parents (/category/news/motor-shows/); WordPress also answers at /category/motor-shows/.
      const chain = categoryChain(c.nicename, survey.channel.categories);
      oldTerms.push({ from: `/category/${chain.join('/')}/`, kind, slug: ours! });
      if (chain.length > 1) oldTerms.push({ from: `/category/${c.nicename}/`, kind, slug: ours! });
    }
  }
  return { input, heroFile, people: person ? [person] : [], oldTerms };
}

function categoryChain(nicename: string, parents: Map<string, string>): string[] {
  const chain = [nicename];
  for (let parent = parents.get(nicename); parent && chain.length < 10 && !chain.includes(parent); parent = parents.get(parent)) chain.unshift(parent);
  return chain;
}

/**
 * A WordPress user as one of our authors: the display name, and a slug from the login (its part
 * before an "@" when the login is an e-mail address, which must not become a public address).
 * WXR carries no bio, picture or links. Their page there was /author/<nicename>/.
 */
function personOf(login: string, name: string): SourcePerson | null {
  const local = login.includes('@') ? login.slice(0, login.indexOf('@')) : login;
  const slug = slugify(local, { decamelize: false }).slice(0, 120).replace(/-+$/, '') || slugify(name).slice(0, 120).replace(/-+$/, '');
  if (!slug) return null;
  const nicename = wordpressNicename(login);
  return { key: login, slug, name, bio: '', links: [], photo: null, oldPath: nicename ? `/author/${nicename}/` : null };
}

/** WordPress's `user_nicename` for a login (sanitize_title: lower case, dots to dashes, anything but a-z, 0-9, _ and - dropped). */
export function wordpressNicename(login: string): string {
  return login
    .slice(0, 50)
    .toLowerCase()
    .replace(/\./g, '-')
    .replace(/[^%a-z0-9 _-]/g, '')
    .replace(/\s+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
}

/**
 * The GMT time when WordPress gives one; a post never published (or an old export) has
 * 0000-00-00 there, and then its local time is read in SITE_TIMEZONE (counted in the report).
 */
function postDate(gmt: string | undefined, local: string | undefined, timeZone: string, field: 'date', tally: Tally): Date;
function postDate(gmt: string | undefined, local: string | undefined, timeZone: string, field: 'modified', tally: null): Date | null;
function postDate(gmt: string | undefined, local: string | undefined, timeZone: string, field: string, tally: Tally | null): Date | null {
  const g = gmt?.trim();
  if (g && g !== ZERO_DATE) {
    const at = DateTime.fromSQL(g, { zone: 'utc' });
    if (at.isValid) return at.toJSDate();
  }
  const l = local?.trim();
  if (l && l !== ZERO_DATE) {
    const at = DateTime.fromSQL(l, { zone: timeZone });
    if (at.isValid) {
      tally?.('notes', `no GMT date: local date read in SITE_TIMEZONE (${timeZone})`);
      return at.toJSDate();
    }
  }
  if (field === 'modified') return null;
  throw new ImportFieldError('wp:post_date', `"${l ?? ''}" is not a date (YYYY-MM-DD HH:MM:SS)`);
}
