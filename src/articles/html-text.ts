import { escapeAttribute, escapeText } from 'entities';
import { Parser } from 'htmlparser2';

/**
 * The article's plain text is what a reader reads: the text of the sanitized HTML with blocks
 * separated by a blank line and runs of white space folded. Summaries point into it by offsets,
 * so the same walk both extracts it and, later, wraps each sentence of the HTML in a span.
 */
type Token =
  | { kind: 'open'; name: string; attrs: Record<string, string>; selfClosing: boolean }
  | { kind: 'close'; name: string }
  | { kind: 'text'; text: string; start: number }
  /** Text of a widget (a video placeholder, a post card): shown, but not part of the article's text. */
  | { kind: 'widget-text'; text: string };

// A caption, a table cell or a definition is its own block: its words never run into the next
// paragraph's sentence, and a short cell is too short to be picked as a summary point.
const BLOCKS = new Set([
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote', 'pre', 'figure', 'figcaption',
  'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'hr', 'div', 'details', 'summary', 'dl', 'dt', 'dd',
]);
const VOID = new Set(['br', 'hr', 'img', 'source', 'wbr']);

export interface WalkedHtml {
  tokens: Token[];
  plain: string;
}

/** `s` without trailing characters of `chars`; scanning from the end, as a `/[ \n]+$/` replace would not (it is quadratic over a growing text). */
function trimEnd(s: string, chars: string): string {
  let end = s.length;
  while (end > 0 && chars.includes(s[end - 1]!)) end--;
  return end === s.length ? s : s.slice(0, end);
}

export function walkHtml(html: string): WalkedHtml {
  const tokens: Token[] = [];
  let plain = '';
  // Depth inside a widget (`data-widget`, made by articles/markdown.ts): its host name and link are
  // not sentences of the article, so they stay out of the plain text, the summary and search.
  let widgetDepth = 0;
  const breakBlock = () => {
    plain = trimEnd(plain, ' \n');
    if (plain.length > 0) plain += '\n\n';
  };
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (BLOCKS.has(name)) breakBlock();
        if (name === 'br') {
          plain = trimEnd(plain, ' ');
          if (plain.length > 0 && !plain.endsWith('\n')) plain += '\n';
        }
        tokens.push({ kind: 'open', name, attrs, selfClosing: VOID.has(name) });
        if (!VOID.has(name) && (widgetDepth > 0 || 'data-widget' in attrs)) widgetDepth++;
      },
      ontext(raw) {
        if (widgetDepth > 0) {
          tokens.push({ kind: 'widget-text', text: raw });
          return;
        }
        let text = raw.replace(/\s+/g, ' ');
        if (plain.length === 0 || plain.endsWith(' ') || plain.endsWith('\n')) text = text.replace(/^ /, '');
        if (text.length === 0) return;
        // The parser splits text at entities; one token per run keeps sentence spans whole.
        const last = tokens[tokens.length - 1];
        if (last?.kind === 'text' && last.start + last.text.length === plain.length) last.text += text;
        else tokens.push({ kind: 'text', text, start: plain.length });
        plain += text;
      },
      onclosetag(name, isImplied) {
        if (VOID.has(name)) return;
        if (widgetDepth > 0) widgetDepth--;
        if (BLOCKS.has(name)) breakBlock();
        if (!isImplied || !VOID.has(name)) tokens.push({ kind: 'close', name });
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  return { tokens, plain: trimEnd(plain, ' \n') };
}

export function htmlToPlainText(html: string): string {
  return walkHtml(html).plain;
}

export interface SentenceSpan {
  start: number;
  end: number;
}

/**
 * Re-serializes the walked HTML with every piece of sentence N wrapped in
 * `<span class="s" data-s="N">`; the piece where the sentence starts also gets `id="s-N"`, the
 * anchor a summary point links to. A sentence crossing inline markup (a link, emphasis) becomes
 * several spans sharing data-s.
 */
export function annotateSentences(walked: WalkedHtml, sentences: readonly SentenceSpan[]): string {
  let out = '';
  let si = 0;
  for (const token of walked.tokens) {
    if (token.kind === 'open') {
      out += `<${token.name}`;
      for (const [k, v] of Object.entries(token.attrs)) out += ` ${k}="${escapeAttribute(v)}"`;
      out += '>';
      continue;
    }
    if (token.kind === 'close') {
      out += `</${token.name}>`;
      continue;
    }
    if (token.kind === 'widget-text') {
      out += escapeText(token.text);
      continue;
    }
    const tokenEnd = token.start + token.text.length;
    let pos = token.start;
    while (pos < tokenEnd) {
      while (si < sentences.length && sentences[si]!.end <= pos) si++;
      const sentence = sentences[si];
      if (!sentence || sentence.start >= tokenEnd) {
        out += escapeText(token.text.slice(pos - token.start));
        break;
      }
      if (sentence.start > pos) {
        out += escapeText(token.text.slice(pos - token.start, sentence.start - token.start));
        pos = sentence.start;
      }
      const pieceEnd = Math.min(sentence.end, tokenEnd);
      const id = sentence.start === pos ? ` id="s-${si}"` : '';
      out += `<span class="s" data-s="${si}"${id}>${escapeText(token.text.slice(pos - token.start, pieceEnd - token.start))}</span>`;
      pos = pieceEnd;
    }
  }
  return out;
}
