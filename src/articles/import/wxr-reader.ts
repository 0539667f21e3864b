import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import zlib from 'node:zlib';
import { Parser } from 'htmlparser2';

/** The export as a whole cannot be read: nothing of it is imported. */
export class WxrFileError extends Error {}

export const WXR_NAMESPACE = 'http://wordpress.org/export/1.2/';
export const WXR_VERSION = '1.2';

/** What the channel says about the site, read before its items. */
export interface WxrChannel {
  version: string | null;
  /** The namespace URI the file declares for `wp:` (1.0 and 1.1 exports differ from 1.2). */
  namespace: string | null;
  link: string;
  baseSiteUrl: string;
  baseBlogUrl: string;
  /** Author login → display name (`dc:creator` holds the login). */
  authors: Map<string, string>;
  /** Category nicename → its parent's nicename ('' at the top): a child's address on the old site is /category/parent/child/. */
  categories: Map<string, string>;
}

export interface WxrCategory {
  domain: string;
  nicename: string;
  name: string;
}

/** One `<item>`: its direct children's text by (canonical) element name, categories, postmeta, comment count. */
export interface WxrItem {
  fields: Map<string, string>;
  categories: WxrCategory[];
  meta: Map<string, string>;
  comments: number;
}

// Canonical prefixes by namespace URI, so that a file declaring other prefixes reads the same.
const CANONICAL: Record<string, string> = {
  'http://purl.org/rss/1.0/modules/content/': 'content',
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://wellformedweb.org/CommentAPI/': 'wfw',
};

function canonicalPrefix(uri: string): string | null {
  if (CANONICAL[uri]) return CANONICAL[uri]!;
  if (/^https?:\/\/wordpress\.org\/export\/[\d.]+\/excerpt\/$/.test(uri)) return 'excerpt';
  if (/^https?:\/\/wordpress\.org\/export\/[\d.]+\/$/.test(uri)) return 'wp';
  return null;
}

/** A gzip file starts with these two bytes, whatever it is called. */
async function isGzip(file: string): Promise<boolean> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/** The first few KB of the (decompressed) file: enough to tell a WordPress export by its root and namespace. */
export async function sniffWxr(file: string): Promise<boolean> {
  const gz = await isGzip(file);
  let head = '';
  const raw = fs.createReadStream(file, { start: 0, end: gz ? 64 * 1024 : 8 * 1024 });
  const stream = gz ? raw.pipe(zlib.createGunzip()) : raw;
  try {
    for await (const chunk of stream) {
      head += (chunk as Buffer).toString('utf8');
      if (head.length >= 8 * 1024) break;
    }
  } catch {
    // A gzip cut short by the range above ends with an error: what was read is enough.
  } finally {
    raw.destroy();
  }
  return /<rss[\s>]/.test(head) && /xmlns:\w+\s*=\s*["']https?:\/\/wordpress\.org\/export\/[\d.]+\/["']/.test(head);
}

/**
 * Reads a WXR file as a stream of items: the XML is parsed a chunk at a time (htmlparser2 in XML
 * mode, already a dependency) and the items completed by each chunk are yielded before the next
 * chunk is read, so memory holds one chunk's items whatever the size of the file. The channel's
 * own fields (version, site, authors) come before the first item and are filled in `channel`.
 * A file that ends before `</rss>` (cut off in a copy) or is not XML throws WxrFileError at its end.
 */
export async function* readWxr(file: string, channel: WxrChannel, onBytes?: (bytes: number) => void): AsyncGenerator<WxrItem> {
  const gz = await isGzip(file);
  const raw = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
  raw.on('data', (chunk) => onBytes?.(chunk.length));
  const stream = gz ? raw.pipe(zlib.createGunzip()) : raw;
  raw.on('error', (error) => stream.destroy(error));

  const ready: WxrItem[] = [];
  const path: string[] = [];
  const rename = new Map<string, string>();
  let text = '';
  let item: WxrItem | null = null;
  let meta: { key: string; value: string } | null = null;
  let author: { login: string; name: string } | null = null;
  let category: { nicename: string; parent: string } | null = null;
  let sawRoot = false;
  let closedRoot = false;
  let ending = false;
  let cutOff: string | null = null;

  const canonical = (name: string) => {
    const at = name.indexOf(':');
    if (at < 0) return name;
    const prefix = rename.get(name.slice(0, at));
    return prefix ? `${prefix}${name.slice(at)}` : name;
  };

  const parser = new Parser(
    {
      onopentag(rawName, attribs) {
        if (path.length === 0) {
          if (rawName !== 'rss') throw new WxrFileError(`is not a WordPress export: its root element is <${rawName}>, not <rss>`);
          sawRoot = true;
          for (const [attr, uri] of Object.entries(attribs)) {
            if (!attr.startsWith('xmlns:')) continue;
            const prefix = canonicalPrefix(uri);
            if (prefix) rename.set(attr.slice(6), prefix);
            if (prefix === 'wp') channel.namespace = uri;
          }
        }
        const name = canonical(rawName);
        path.push(name);
        text = '';
        const depth = path.length;
        if (name === 'item' && depth === 3) item = { fields: new Map(), categories: [], meta: new Map(), comments: 0 };
        else if (item && depth === 4 && name === 'wp:postmeta') meta = { key: '', value: '' };
        else if (item && depth === 4 && name === 'wp:comment') item.comments++;
        else if (item && depth === 4 && name === 'category') item.categories.push({ domain: attribs.domain ?? '', nicename: attribs.nicename ?? '', name: '' });
        else if (!item && depth === 3 && name === 'wp:author') author = { login: '', name: '' };
        else if (!item && depth === 3 && name === 'wp:category') category = { nicename: '', parent: '' };
      },
      ontext(chunk) {
        text += chunk;
      },
      onclosetag(rawName) {
        if (ending) cutOff ??= rawName;
        const name = path.pop() ?? canonical(rawName);
        const depth = path.length + 1;
        if (depth === 1) closedRoot = true;
        if (item) {
          if (depth === 3 && name === 'item') {
            ready.push(item);
            item = null;
          } else if (depth === 4 && name === 'category') item.categories.at(-1)!.name = text.trim();
          else if (depth === 4 && name === 'wp:postmeta' && meta) {
            item.meta.set(meta.key, meta.value);
            meta = null;
          } else if (depth === 5 && meta && name === 'wp:meta_key') meta.key = text.trim();
          else if (depth === 5 && meta && name === 'wp:meta_value') meta.value = text;
          else if (depth === 4) item.fields.set(name, text);
        } else if (depth === 3) {
          if (name === 'wp:wxr_version') channel.version = text.trim();
          else if (name === 'link') channel.link = text.trim();
          else if (name === 'wp:base_site_url') channel.baseSiteUrl = text.trim();
          else if (name === 'wp:base_blog_url') channel.baseBlogUrl = text.trim();
          else if (name === 'wp:author' && author) {
            if (author.login) channel.authors.set(author.login, author.name || author.login);
            author = null;
          } else if (name === 'wp:category' && category) {
            if (category.nicename) channel.categories.set(category.nicename, category.parent);
            category = null;
          }
        } else if (depth === 4 && author) {
          if (name === 'wp:author_login') author.login = text.trim();
          else if (name === 'wp:author_display_name') author.name = text.trim();
        } else if (depth === 4 && category) {
          if (name === 'wp:category_nicename') category.nicename = text.trim();
          else if (name === 'wp:category_parent') category.parent = text.trim();
        }
        text = '';
      },
    },
    { xmlMode: true, decodeEntities: true },
  );

  try {
    // A character's bytes may be split between two chunks: the decoder holds the first part back.
    const decoder = new StringDecoder('utf8');
    for await (const chunk of stream) {
      parser.write(decoder.write(chunk as Buffer));
      while (ready.length > 0) yield ready.shift()!;
    }
  } catch (error) {
    if (error instanceof WxrFileError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'Z_BUF_ERROR' || code === 'Z_DATA_ERROR') throw new WxrFileError(`is a damaged or cut-off gzip file (${(error as Error).message})`);
    throw error;
  }
  ending = true;
  parser.end();
  while (ready.length > 0) yield ready.shift()!;
  if (!sawRoot) throw new WxrFileError('is not a WordPress export: no <rss> element');
  if (cutOff || !closedRoot) throw new WxrFileError(`ends before its closing </rss>${cutOff ? ` (inside <${cutOff}>)` : ''}: the export is cut off; export again or copy the whole file`);
}

export const emptyChannel = (): WxrChannel => ({ version: null, namespace: null, link: '', baseSiteUrl: '', baseBlogUrl: '', authors: new Map(), categories: new Map() });
