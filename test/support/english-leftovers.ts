// Finds English UI text left on a page that should be in another language, by the catalogues
// themselves rather than a word list: every fixed piece of an English message whose translation
// differs is looked for in what a person reads on the page.
import { Parser } from 'htmlparser2';
import { ADMIN_CATALOGUES } from '../../src/admin/i18n';
import { refusalsEn, refusalsRu } from '../../src/i18n/refusal-messages';

/** Attributes a person reads or hears (screen readers); `value` only on input buttons. */
const READ_ATTRIBUTES = ['title', 'placeholder', 'aria-label', 'alt'];
const BUTTON_INPUTS = new Set(['submit', 'button', 'reset']);
/** Machine text (code, commands, JSON), scripts and typed-in data are not UI text. */
const SKIPPED_ELEMENTS = new Set(['script', 'style', 'code', 'textarea', 'template']);
/** Elements that end a run of text: the words on either side belong to different texts. */
const BLOCKS = new Set(['title', 'p', 'div', 'section', 'header', 'main', 'nav', 'form', 'fieldset', 'legend', 'table', 'tr', 'td', 'th', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'h1', 'h2', 'h3', 'h4', 'option', 'select', 'label', 'button', 'br', 'input', 'details', 'summary', 'figure', 'figcaption']);

/** A page's readable text: visible text and the read attributes, whitespace collapsed, one string per source. */
function readableText(html: string): string[] {
  const out: string[] = [];
  let text = '';
  let skipping = 0;
  const flush = () => {
    if (text.trim()) out.push(text.replace(/\s+/g, ' ').trim());
    text = '';
  };
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (BLOCKS.has(name)) flush();
        if (SKIPPED_ELEMENTS.has(name)) skipping += 1;
        for (const attribute of READ_ATTRIBUTES) if (attrs[attribute]) out.push(attrs[attribute]);
        // An input button shows its value; a <button> shows its content (its value is sent, not shown).
        if (name === 'input' && BUTTON_INPUTS.has((attrs.type ?? '').toLowerCase()) && attrs.value) out.push(attrs.value);
      },
      ontext(data) {
        if (skipping === 0) text += data;
      },
      onclosetag(name) {
        if (SKIPPED_ELEMENTS.has(name)) skipping -= 1;
        if (BLOCKS.has(name)) flush();
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  flush();
  return out;
}

export interface Piece {
  key: string;
  text: string;
  pattern: RegExp;
}

const LETTERS = /\p{L}/gu;

/** The fixed pieces of a message: split at `{params}` and plural `|`, trimmed, those with 4+ letters. */
function fixedPieces(key: string, english: string): Piece[] {
  return english
    .split(/\{\w+\}|\|/)
    .map((p) => p.replace(/^[\s.,;:!?()“”«»"'—–-]+|[\s,;:(“«"'—–-]+$/gu, ''))
    .filter((p) => (p.match(LETTERS) ?? []).length >= 4)
    .map((text) => {
      const body = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
      // Whole words only, and not inside an identifier: "Role" on its own is English left over;
      // "Roles", "article.published", "article:12" or "/author/ivan" are a name, an event, a target, a path.
      const before = '(?<![\\p{L}\\p{N}_/@])(?<![\\p{L}\\p{N}][.:-])';
      const after = '(?![\\p{L}\\p{N}_/@])(?![.:-][\\p{L}\\p{N}])';
      return { key, text, pattern: new RegExp(`${before}${body}${after}`, 'u') };
    });
}

/** Every piece of English the admin's catalogue and the refusals could leave on a Russian page. */
export function englishPieces(): Piece[] {
  const pieces: Piece[] = [];
  for (const [key, en] of Object.entries(ADMIN_CATALOGUES.en)) if (ADMIN_CATALOGUES.ru[key] !== en) pieces.push(...fixedPieces(key, en));
  const ru = refusalsRu as Record<string, string>;
  for (const [key, en] of Object.entries(refusalsEn as Record<string, string>)) if (ru[key] !== en) pieces.push(...fixedPieces(key, en));
  return pieces;
}

/** The English pieces found in a page's readable text, each once: `"text" (key)`. */
export function englishLeftovers(html: string, pieces: Piece[] = englishPieces()): string[] {
  const texts = readableText(html);
  const found = new Set<string>();
  for (const piece of pieces) {
    if (found.has(piece.text)) continue;
    if (texts.some((t) => t.includes(piece.text.split(/\s+/)[0]!) && piece.pattern.test(t))) found.add(piece.text);
  }
  return [...found].map((text) => `"${text}"`);
}
