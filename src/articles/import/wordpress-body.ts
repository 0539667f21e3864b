import { escapeAttribute, escapeText } from 'entities';
import { htmlToBody } from './html-body';

/** An attachment of the export, as bodies and featured images need it. */
export interface WpAttachment {
  id: string;
  url: string;
  /** Path under wp-content/uploads (`_wp_attached_file`), for --media. */
  file: string | null;
  alt: string;
  caption: string;
  title: string;
  parent: string;
}

export interface BodyNotes {
  /** Unknown shortcodes kept as text, by name. */
  unknownShortcodes: Map<string, number>;
  /** Gallery ids that are not attachments of the export. */
  missingGalleryImages: number;
}

// Shortcodes converted here; any other [name ...] is kept as the author wrote it and counted.
const KNOWN = new Set(['caption', 'wp_caption', 'embed', 'gallery']);

/**
 * A WordPress post's content (content:encoded) → our body: Gutenberg's block comments removed,
 * the common shortcodes converted, then HTML → body with WordPress's paragraph rule (html-body.ts).
 */
export function wordpressBody(content: string, postId: string, attachments: ReadonlyMap<string, WpAttachment>, children: ReadonlyMap<string, string[]>, notes: BodyNotes): string {
  let html = content.replace(/<!--\s*\/?wp:[\s\S]*?-->/g, '');
  // Gutenberg's embed block keeps the URL alone inside its wrapper: the URL alone is our embed.
  html = html.replace(/<figure[^>]*class="[^"]*wp-block-embed[^"]*"[^>]*>\s*<div[^>]*wp-block-embed__wrapper[^>]*>\s*(https?:\/\/[^\s<]+)\s*<\/div>(?:\s*<figcaption[^>]*>[\s\S]*?<\/figcaption>)?\s*<\/figure>/gi, '\n\n$1\n\n');
  html = html.replace(/\[(caption|wp_caption)([^\]]*)\]([\s\S]*?)\[\/\1\]/gi, (_all, _name, attrs: string, inner: string) => captionFigure(attrs, inner));
  html = html.replace(/\[embed[^\]]*\]\s*(\S+?)\s*\[\/embed\]/gi, '\n\n$1\n\n');
  html = html.replace(/\[gallery([^\]]*)\]/gi, (_all, attrs: string) => gallery(attrs, postId, attachments, children, notes));
  // WordPress's own escape: [[name]] shows [name] literally.
  html = html.replace(/\[\[([a-z][\w-]*[^\]]*)\]\]/gi, '[$1]');
  for (const match of html.matchAll(/\[([a-z][\w-]*)(?=[\s\]/])[^\]\n]*\]/gi)) {
    const name = match[1]!.toLowerCase();
    if (!KNOWN.has(name)) notes.unknownShortcodes.set(name, (notes.unknownShortcodes.get(name) ?? 0) + 1);
  }
  return htmlToBody(html, { autop: true });
}

function shortcodeAttrs(attrs: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of attrs.matchAll(/([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))/g)) out.set(m[1]!.toLowerCase(), m[2] ?? m[3] ?? m[4] ?? '');
  return out;
}

/** `[caption]<a><img></a> The words[/caption]` (or the older caption="…" attribute) → figure/figcaption. */
function captionFigure(attrs: string, inner: string): string {
  const image = /^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*<\/a>)?)/i.exec(inner);
  const picture = image ? image[1]! : '';
  const words = (image ? inner.slice(image[0].length) : inner).trim() || shortcodeAttrs(attrs).get('caption') || '';
  return `\n\n<figure>${picture}${words ? `<figcaption>${words}</figcaption>` : ''}</figure>\n\n`;
}

/** `[gallery ids="1,2"]` (or, without ids, the images attached to the post) → a figure per image. */
function gallery(attrs: string, postId: string, attachments: ReadonlyMap<string, WpAttachment>, children: ReadonlyMap<string, string[]>, notes: BodyNotes): string {
  const given = shortcodeAttrs(attrs).get('ids') ?? shortcodeAttrs(attrs).get('include');
  const ids = given ? given.split(',').map((s) => s.trim()).filter(Boolean) : (children.get(postId) ?? []);
  const figures: string[] = [];
  for (const id of ids) {
    const a = attachments.get(id);
    if (!a) {
      notes.missingGalleryImages++;
      continue;
    }
    const caption = a.caption.trim();
    figures.push(`<figure><img src="${escapeAttribute(a.url)}" alt="${escapeAttribute(a.alt || caption)}">${caption ? `<figcaption>${escapeText(caption)}</figcaption>` : ''}</figure>`);
  }
  return figures.length ? `\n\n${figures.join('\n')}\n\n` : '';
}
