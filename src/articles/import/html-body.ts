import { videoEmbedFor } from '../embeds';
import { sanitizeArticleHtml } from '../markdown';

/**
 * Turns HTML from another platform into an article body: our bodies are Markdown, and raw HTML in
 * Markdown is kept when it is on markdown.ts's allowlist. So the HTML is cut into top-level
 * blocks, each block sanitized here already (the stored body holds no markup that would be
 * dropped on render) and written as a Markdown HTML block, and a video or post link that stands
 * alone becomes a bare-link paragraph, which the renderer turns into our embed (the only way an
 * embed is ever made). `autop`: WordPress stores paragraphs as blank-line-separated text
 * (its wpautop adds the <p> on display), so loose text becomes paragraphs and line breaks <br>.
 */
export function htmlToBody(html: string, options: { autop: boolean }): string {
  // A <pre> keeps its blank lines: set them aside so that splitting into blocks leaves them alone.
  const kept: string[] = [];
  let text = html.replace(/\r\n?/g, '\n').replace(/<pre[\s>][\s\S]*?<\/pre>/gi, (pre) => `\n\n\uE000${kept.push(pre) - 1}\uE000\n\n`);
  // Real HTML (Ghost's) is one document: a blank line inside an element must not cut it in two.
  if (!options.autop) text = text.replace(/\n[ \t]*\n/g, '\n');
  text = iframesToLinks(text);
  const blocks: string[] = [];
  for (const raw of text.split(/\n[ \t]*\n/)) {
    const block = raw.trim();
    if (!block) continue;
    const pre = /^\uE000(\d+)\uE000$/.exec(block);
    if (pre) {
      blocks.push(sanitizeArticleHtml(kept[Number(pre[1])]!));
      continue;
    }
    // A link alone: left bare for the renderer to make an embed of (or a plain link).
    if (/^https?:\/\/\S+$/.test(block)) {
      blocks.push(block);
      continue;
    }
    const clean = sanitizeArticleHtml(block).trim();
    if (!clean) continue;
    if (BLOCK_START.test(clean)) blocks.push(clean.replace(/\n[ \t]*\n/g, '\n'));
    else blocks.push(`<p>${options.autop ? clean.replace(/\n/g, '<br>\n') : clean}</p>`);
  }
  return blocks.join('\n\n');
}

/**
 * Tags that open a Markdown HTML block (CommonMark's list, of those the sanitizer keeps): a block
 * starting with anything else (text, <a>, <img>, <strong>) would be read as Markdown, so it is
 * wrapped in a paragraph.
 */
const BLOCK_START = /^<(?:p|h[1-6]|ul|ol|li|blockquote|pre|figure|figcaption|table|caption|thead|tbody|tfoot|tr|th|td|hr|details|summary|dl|dt|dd)[\s>/]/i;

/**
 * An <iframe> player (a pasted YouTube embed, Ghost's embed card) would be dropped by the sanitizer:
 * when it plays a video we know, it becomes the video's link on its own, and so our embed.
 * The card around it (a figure, WordPress's embed wrapper) goes with it.
 */
function iframesToLinks(html: string): string {
  const link = (src: string) => {
    const url = src.replace(/&amp;/g, '&').replace(/^\/\//, 'https://');
    return videoEmbedFor(url) ? url : null;
  };
  return html
    .replace(/<figure[^>]*>\s*(?:<div[^>]*>\s*)?<iframe[^>]*\ssrc="([^"]+)"[^>]*>\s*<\/iframe>\s*(?:<\/div>\s*)?(?:<figcaption[^>]*>[\s\S]*?<\/figcaption>\s*)?<\/figure>/gi, (whole, src: string) => {
      const url = link(src);
      return url ? `\n\n${url}\n\n` : whole;
    })
    .replace(/<iframe[^>]*\ssrc="([^"]+)"[^>]*>\s*<\/iframe>/gi, (whole, src: string) => {
      const url = link(src);
      return url ? `\n\n${url}\n\n` : whole;
    });
}
