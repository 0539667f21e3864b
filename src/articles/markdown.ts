import { randomBytes } from 'node:crypto';
import MarkdownIt, { type StateCore } from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import { videoEmbedFor, videoEmbedHtml } from './embeds';
import { postCardHtml, postLinkFor } from './post-cards';

// Raw HTML is on so that a pasted <figure> or spec-sheet table survives; the allowlist below decides what of it reaches a page.
const md = new MarkdownIt({ html: true, linkify: true, typographer: true });

const WEB_ONLY = ['http', 'https'];

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote', 'pre', 'code', 'em', 'strong', 's',
    'a', 'img', 'figure', 'figcaption', 'picture', 'source', 'hr', 'br', 'sup', 'sub',
    'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td',
    'details', 'summary', 'dl', 'dt', 'dd',
  ],
  allowedAttributes: {
    a: ['href', 'title'],
    img: ['src', 'srcset', 'sizes', 'alt', 'title', 'width', 'height', 'loading'],
    source: ['srcset', 'sizes', 'type', 'media'],
    th: ['scope', 'colspan', 'rowspan'],
    td: ['colspan', 'rowspan'],
    blockquote: ['cite'],
    ol: ['start'],
    details: ['open'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  // A quoted source or an image is a web page or a picture, never mail. sanitize-html checks each
  // srcset candidate itself and looks its schemes up under the attribute's name, hence `srcset` here.
  allowedSchemesByTag: { img: WEB_ONLY, blockquote: WEB_ONLY, srcset: WEB_ONLY },
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
  allowProtocolRelative: false,
  selfClosing: [...sanitizeHtml.defaults.selfClosing, 'source', 'wbr'],
  // Their content is not text a reader should see either: drop it with the tag.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'template', 'title', 'iframe', 'object', 'svg', 'math', 'select', 'noembed', 'noframes', 'xmp'],
  // A `#` heading in the body would compete with the page's own h1: demote it.
  transformTags: {
    h1: 'h2',
    // Pasted HTML says <b>/<i> where Markdown would say strong/em.
    b: 'strong',
    i: 'em',
    // sanitize-html's own value lists keep a wrong value as an empty attribute; drop it instead.
    img: keepOnly('loading', ['lazy', 'eager']),
    th: keepOnly('scope', ['row', 'col', 'rowgroup', 'colgroup']),
  },
};

function keepOnly(attribute: string, values: readonly string[]): sanitizeHtml.Transformer {
  return (tagName, attribs) => {
    const value = attribs[attribute];
    if (value === undefined || values.includes(value.toLowerCase())) return { tagName, attribs };
    const { [attribute]: _dropped, ...rest } = attribs;
    return { tagName, attribs: rest };
  };
}

type RenderEnv = {
  /** Unguessable per render, so an author cannot write a placeholder that turns into a widget. */
  nonce: string;
  widgets: string[];
};

/**
 * A bare link alone in a top-level paragraph to a video (YouTube, Vimeo, VK Video, Rutube) or a
 * post (X, Telegram) becomes a widget. The paragraph is swapped for a placeholder here and the
 * widget's markup put in after sanitizing: the sanitizer lets no author write data-embed-src.
 */
function widgetPlaceholders(state: StateCore): void {
  const env = state.env as Partial<RenderEnv>;
  if (!env.widgets || !env.nonce) return;
  const tokens = state.tokens;
  for (let i = 0; i + 2 < tokens.length; i++) {
    const open = tokens[i]!;
    const inline = tokens[i + 1]!;
    if (open.type !== 'paragraph_open' || open.level !== 0 || open.hidden || inline.type !== 'inline' || tokens[i + 2]!.type !== 'paragraph_close') continue;
    const parts = (inline.children ?? []).filter((t) => !(t.type === 'text' && t.content.trim() === ''));
    const [linkOpen, text, linkClose] = parts;
    // info 'auto': a bare URL (linkified or <autolink>), not [words](url) that the author chose to keep as a link.
    if (parts.length !== 3 || linkOpen!.type !== 'link_open' || linkOpen!.info !== 'auto' || text!.type !== 'text' || linkClose!.type !== 'link_close') continue;
    const href = String(linkOpen!.attrGet('href') ?? '');
    const video = videoEmbedFor(href);
    const post = video ? null : postLinkFor(href);
    if (!video && !post) continue;
    env.widgets.push(video ? videoEmbedHtml(video, href) : postCardHtml(post!));
    const marker = new state.Token('text', '', 0);
    marker.content = placeholder(env.nonce, env.widgets.length - 1);
    inline.children = [marker];
  }
}
md.core.ruler.push('paddock_widgets', widgetPlaceholders);

const placeholder = (nonce: string, n: number) => `paddock-widget-${nonce}-${n}`;

/** Markdown (with raw HTML) → HTML safe to place in a page: allowlisted tags and attributes, http(s) URLs, our own widgets. */
export function renderMarkdown(source: string): string {
  const env: RenderEnv = { nonce: randomBytes(12).toString('hex'), widgets: [] };
  let html = sanitizeArticleHtml(md.render(source, env));
  env.widgets.forEach((widget, n) => {
    html = html.replace(`<p>${placeholder(env.nonce, n)}</p>`, () => widget);
  });
  return html;
}

/** Any HTML from an author (Markdown's output, an import) → the allowlisted subset. */
export function sanitizeArticleHtml(html: string): string {
  return sanitizeHtml(html, SANITIZE);
}

/** A URL we are willing to put into src/href: http(s) or a site-relative path. */
export function isSafeUrl(url: string): boolean {
  if (url.startsWith('/') && !url.startsWith('//')) return true;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:';
  } catch {
    return false;
  }
}
