import crypto from 'node:crypto';
import path from 'node:path';
import sharp from 'sharp';
import type { Config } from '../../config';
import type { PaddockDb } from '../../db/database';
import { createLimiter } from '../../media/limiter';
import { localStorage } from '../../media/local-storage';
import type { MediaStorage } from '../../media/storage';
import type { Article } from '../model';
import { articlesRepository, type ArticleObserver } from '../repository';

/*
 * The share card: a 1200×630 PNG with the article's title over the site's colours, for links
 * shared to social networks and messengers when the article has no library picture of its own.
 * Drawn as SVG here and rasterized by sharp (librsvg, with the system's DejaVu fonts, which cover
 * Latin and Cyrillic; lines are wrapped on words measured with the same font). It is stored in the media storage under `cards/<id>-<hash>.png`,
 * the hash being that of everything drawn on it (title, site name and address, this drawing's
 * version): a new title gives a new file and a new URL, so every URL's bytes are fixed and can be
 * cached for a year. Made after the article is saved (the observer below) and on the first
 * request for it when missing (imports, older articles); one render per card at a time.
 */

export const CARD = { width: 1200, height: 630 } as const;
/** Bump when the drawing changes: every card then gets a new URL. */
const CARD_VERSION = 1;

type CardSite = Pick<Config, 'SITE_NAME' | 'SITE_URL'>;
export type CardArticle = Pick<Article, 'id' | 'title'>;

export function cardHash(article: CardArticle, site: CardSite): string {
  const host = new URL(site.SITE_URL).host;
  return crypto.createHash('sha256').update(JSON.stringify([CARD_VERSION, site.SITE_NAME, host, article.title])).digest('hex').slice(0, 16);
}

export const cardFileName = (article: CardArticle, site: CardSite): string => `${article.id}-${cardHash(article, site)}.png`;
export const cardStorageKey = (article: CardArticle, site: CardSite): string => `cards/${cardFileName(article, site)}`;
export const cardPath = (article: CardArticle, site: CardSite): string => `/media/cards/${cardFileName(article, site)}`;

/** An article shows a card when sharing unless it has a library picture (whose crops are used instead). */
export const needsCard = (article: Pick<Article, 'heroImage'>): boolean => article.heroImage === null;

// --- drawing ---------------------------------------------------------------------------------

const FONT = "'DejaVu Sans', 'Liberation Sans', sans-serif";
const INK = '#1b1e23';
const ACCENT = '#b3261e';
const TEXT_BOX = { x: 88, y: 200, width: 1024, height: 320 };
const SIZES = [76, 68, 60, 54, 48, 42];
const LINE_HEIGHT = 1.2;

/** Text for SVG: escaped, and without the control characters XML does not allow. */
export function xmlText(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

/**
 * Width of a word in ems, measured by rendering it with Pango (libvips' text, the same fonts
 * librsvg draws the SVG with) at 100 pixels: its ink width, close enough to its advance for
 * wrapping. Remembered, so a card costs a few renders of new words only.
 */
const measured = new Map<string, number>();
const MEASURE_FONT = 'DejaVu Sans Bold 100';
async function wordWidth(word: string): Promise<number> {
  const known = measured.get(word);
  if (known !== undefined) return known;
  // vips' text is Pango markup: the word is escaped as for XML.
  const { info } = await sharp({ text: { text: xmlText(word), font: MEASURE_FONT, dpi: 72 } })
    .png()
    .toBuffer({ resolveWithObject: true });
  const width = info.width / 100;
  if (measured.size > 10_000) measured.clear();
  measured.set(word, width);
  return width;
}
/** A space between words in DejaVu Sans Bold, in ems. */
const SPACE = 0.35;

interface Measured {
  text: string;
  width: number;
}

/**
 * Does this line fit at this size? The words' widths and spaces add up to a little less than the
 * line drawn (side bearings): a line well inside or beyond the width is settled by the sum, one
 * near it is measured whole.
 */
async function fits(line: Measured, size: number, width: number): Promise<boolean> {
  if (line.width * size > width) return false;
  if (line.width * size * 1.1 <= width) return true;
  return (await wordWidth(line.text)) * size <= width;
}

/** Greedy word wrap at one font size; a word longer than a line is broken where it must be. */
async function wrap(words: Measured[], size: number, width: number): Promise<string[]> {
  const lines: string[] = [];
  let line: Measured | null = null;
  for (const word of words) {
    const candidate: Measured | null = line && { text: `${line.text} ${word.text}`, width: line.width + SPACE + word.width };
    if (candidate && (await fits(candidate, size, width))) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line.text);
    let long: Measured = word;
    while (!(await fits(long, size, width))) {
      const chars: string[] = Array.from(long.text);
      let n = chars.length - 1;
      while (n > 1 && (await wordWidth(chars.slice(0, n).join(''))) * size > width) n--;
      lines.push(chars.slice(0, n).join(''));
      const rest: string = chars.slice(n).join('');
      long = { text: rest, width: await wordWidth(rest) };
    }
    line = long;
  }
  if (line) lines.push(line.text);
  return lines;
}

/** The largest size at which the title fits the box; at the smallest, the lines that fit and an ellipsis. */
export async function layoutTitle(title: string): Promise<{ size: number; lines: string[] }> {
  const words: Measured[] = [];
  for (const text of title.split(/\s+/).filter(Boolean)) words.push({ text, width: await wordWidth(text) });
  for (const size of SIZES) {
    const lines = await wrap(words, size, TEXT_BOX.width);
    if (lines.length * size * LINE_HEIGHT <= TEXT_BOX.height) return { size, lines };
  }
  const size = SIZES[SIZES.length - 1]!;
  const fit = Math.floor(TEXT_BOX.height / (size * LINE_HEIGHT));
  const lines = (await wrap(words, size, TEXT_BOX.width)).slice(0, fit);
  let last = lines[fit - 1]!;
  while (last.includes(' ') && (await wordWidth(`${last}…`)) * size > TEXT_BOX.width) last = last.replace(/\s+\S+$/u, '');
  lines[fit - 1] = `${last.replace(/[\s,;:.\-–—]+$/u, '')}…`;
  return { size, lines };
}

export async function cardSvg(title: string, site: CardSite): Promise<string> {
  const { size, lines } = await layoutTitle(title);
  const lineHeight = size * LINE_HEIGHT;
  // The title block is centred in its box.
  const top = TEXT_BOX.y + (TEXT_BOX.height - lines.length * lineHeight) / 2;
  const titleLines = lines
    .map((line, i) => `<text x="${TEXT_BOX.x}" y="${Math.round(top + i * lineHeight + size * 0.9)}" font-size="${size}">${xmlText(line)}</text>`)
    .join('');
  const squares: string[] = [];
  for (let row = 0; row < 2; row++) for (let col = 0; col < 12; col++) if ((row + col) % 2 === 0) squares.push(`<rect x="${960 + col * 14}" y="${64 + row * 14}" width="14" height="14"/>`);
  const host = new URL(site.SITE_URL).host;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${CARD.width}" height="${CARD.height}" viewBox="0 0 ${CARD.width} ${CARD.height}">
<defs><linearGradient id="bg" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${INK}"/><stop offset="1" stop-color="#2e3440"/></linearGradient></defs>
<rect width="${CARD.width}" height="${CARD.height}" fill="url(#bg)"/>
<rect width="24" height="${CARD.height}" fill="${ACCENT}"/>
<g fill="#ffffff" opacity="0.85">${squares.join('')}</g>
<text x="${TEXT_BOX.x}" y="104" font-family="${FONT}" font-weight="bold" font-size="44" fill="#ffffff">${xmlText(site.SITE_NAME)}</text>
<rect x="${TEXT_BOX.x}" y="128" width="96" height="8" fill="${ACCENT}"/>
<g font-family="${FONT}" font-weight="bold" fill="#ffffff">${titleLines}</g>
<text x="${TEXT_BOX.x}" y="584" font-family="${FONT}" font-size="28" fill="#aeb6c2">${xmlText(host)}</text>
</svg>`;
}

export async function renderCard(title: string, site: CardSite): Promise<Buffer> {
  return sharp(Buffer.from(await cardSvg(title, site))).png({ compressionLevel: 9 }).toBuffer();
}

// --- storing ---------------------------------------------------------------------------------

/** Cards being made in this process, by storage and key: a second ask waits for the first. */
const inFlight = new Map<string, Promise<void>>();
/** One card drawn at a time in a process (each takes a core for ~50 ms); past 256 waiting, refused. */
const renders = createLimiter(1, 256);

export interface ShareCards {
  storage: MediaStorage;
  /** Makes the card if it is not stored yet (never twice at once in this process); its storage key. */
  ensure(article: CardArticle): Promise<string>;
}

/**
 * `scope` names the storage (its folder), so two apps with different media folders in one
 * process do not share a render in progress.
 */
export function shareCards(options: { storage: MediaStorage; scope: string; site: CardSite }): ShareCards {
  const { storage, scope, site } = options;
  return {
    storage,
    async ensure(article) {
      const key = cardStorageKey(article, site);
      const flight = `${scope}\n${key}`;
      let job = inFlight.get(flight);
      if (!job) {
        job = (async () => {
          if (await storage.exists(key)) return;
          await storage.put(key, await renders.run(() => renderCard(article.title, site)));
        })().finally(() => inFlight.delete(flight));
        inFlight.set(flight, job);
      }
      await job;
      return key;
    },
  };
}

export function shareCardsFromConfig(config: Pick<Config, 'MEDIA_DIR' | 'SITE_NAME' | 'SITE_URL'>): ShareCards {
  return shareCards({ storage: localStorage(config.MEDIA_DIR), scope: path.resolve(config.MEDIA_DIR), site: config });
}

/**
 * More changes than this in one commit (an import batch) leave their cards to the first request
 * for them: an import of thousands should not queue thousands of drawings.
 */
export const RENDER_AT_SAVE_LIMIT = 20;

/**
 * Draws the card of each published article saved without a library picture, once the save has
 * committed. A failure is left for the first request, which makes the card again.
 */
export function shareCardObserver(database: PaddockDb, config: Pick<Config, 'MEDIA_DIR' | 'SITE_NAME' | 'SITE_URL'>, cards: ShareCards = shareCardsFromConfig(config)): ArticleObserver & { settled(): Promise<void> } {
  const articles = articlesRepository(database);
  const running = new Set<Promise<void>>();
  return {
    afterCommit(changes) {
      const due = changes.filter((c) => c.after.status === 'published');
      if (due.length === 0 || due.length > RENDER_AT_SAVE_LIMIT) return;
      const job = (async () => {
        for (const change of due) {
          const article = await articles.findById(change.id);
          if (article && article.status === 'published' && needsCard(article)) await cards.ensure(article);
        }
      })()
        .catch(() => {})
        .finally(() => running.delete(job));
      running.add(job);
    },
    /** Resolves when the drawings started so far are done (tests). */
    async settled() {
      while (running.size > 0) await Promise.all(running);
    },
  };
}
