import { Parser } from 'htmlparser2';

/** What a page's <head> tells link previews and search engines: meta tags by name/property, and its JSON-LD. */
export interface HeadTags {
  /** `og:title`, `twitter:card`, … → their contents in page order (article:tag repeats). */
  meta: Map<string, string[]>;
  jsonLd: Array<Record<string, unknown>>;
  /** The raw text of each JSON-LD script, as served. */
  jsonLdRaw: string[];
}

export function readHeadTags(html: string): HeadTags {
  const meta = new Map<string, string[]>();
  const jsonLdRaw: string[] = [];
  let inLd = false;
  let text = '';
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'meta') {
          const key = attrs.property ?? attrs.name;
          if (key && attrs.content !== undefined) meta.set(key, [...(meta.get(key) ?? []), attrs.content]);
        }
        if (name === 'script' && attrs.type === 'application/ld+json') {
          inLd = true;
          text = '';
        }
      },
      ontext(data) {
        if (inLd) text += data;
      },
      onclosetag(name) {
        if (name === 'script' && inLd) {
          inLd = false;
          jsonLdRaw.push(text);
        }
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return { meta, jsonLd: jsonLdRaw.map((t) => JSON.parse(t) as Record<string, unknown>), jsonLdRaw };
}

/** The one value of a meta tag (throws when missing or repeated). */
export function one(tags: HeadTags, key: string): string {
  const values = tags.meta.get(key) ?? [];
  if (values.length !== 1) throw new Error(`expected one <meta> ${key}, found ${values.length}`);
  return values[0]!;
}
