import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { MediaLibrary } from './media/library';
import type { MediaItem } from './media/model';

/**
 * Pictures for the demo, made on first start from drawings we wrote (no photos are shipped or
 * downloaded): the demo articles' SVG illustrations, rasterized, and a drawing per Grand Prix
 * nominee generated from its id. Sizes are modest (960 and 640 pixels wide), and their resized
 * copies are made when first asked for: making them all at once added 13 s to the first start.
 */
const ARTICLE_WIDTH = 960;
const NOMINEE_WIDTH = 640;
const CREDIT = 'Paddock illustration';

async function addPng(library: MediaLibrary, dir: string, name: string, png: Buffer, alt: string): Promise<MediaItem> {
  const file = path.join(dir, name);
  await fs.writeFile(file, png);
  return (await library.add({ file, name, actor: null, alt, credit: CREDIT, copies: 'on-request' }, new Date())).item;
}

async function withTempDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'paddock-demo-'));
  try {
    return await work(dir);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** The text an SVG illustration gives itself (`aria-label`), used as its alt text. */
function labelOf(svg: string): string {
  const raw = /aria-label="([^"]*)"/.exec(svg)?.[1] ?? '';
  return raw.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * Each SVG of `dir` (the demo articles' illustrations) into the library, by the URL the
 * articles name it with (`/static/demo/NAME.svg`).
 */
export async function addDemoIllustrations(library: MediaLibrary, dir: string, urlPrefix: string): Promise<Map<string, MediaItem>> {
  const names = (await fs.readdir(dir)).filter((n) => n.endsWith('.svg')).sort();
  return withTempDir(async (tmp) => {
    const out = new Map<string, MediaItem>();
    for (const name of names) {
      const svg = await fs.readFile(path.join(dir, name), 'utf8');
      const width = Number(/\bwidth="(\d+)"/.exec(svg)?.[1] ?? ARTICLE_WIDTH);
      const png = await sharp(Buffer.from(svg), { density: (72 * ARTICLE_WIDTH) / width }).resize(ARTICLE_WIDTH).png().toBuffer();
      out.set(`${urlPrefix}${name}`, await addPng(library, tmp, name.replace(/\.svg$/, '.png'), png, labelOf(svg)));
    }
    return out;
  });
}

const SKIES = ['#8fb8de', '#f2c6a0', '#b8d8c8', '#c9c3e6', '#f4e1a1', '#a7c7e7'];
const GROUNDS = ['#4a7c59', '#7a6a53', '#5f7f8f', '#8a8f5a', '#6b5b7b'];
const BODIES = ['#c0392b', '#1b2a41', '#f5f5f5', '#2e86ab', '#3d3d3d', '#d68c45', '#5b8c5a', '#8e44ad'];

/** Car outlines (body path, wheel centres) for a 640×360 frame, by kind of car. */
const SHAPES = {
  sedan: { body: 'M110 262 L122 222 Q150 180 230 172 L300 130 Q330 118 380 120 L440 124 Q480 130 510 172 L548 184 Q572 192 572 230 L572 262 Z', wheels: [185, 480] },
  crossover: { body: 'M112 266 L118 200 Q130 150 200 140 L250 104 Q270 92 320 92 L450 94 Q490 98 512 150 L548 168 Q574 180 574 220 L574 266 Z', wheels: [190, 488] },
  van: { body: 'M108 266 L108 126 Q110 92 150 90 L470 90 Q520 92 540 140 L566 190 Q576 206 576 232 L576 266 Z', wheels: [180, 494] },
} as const;

function nomineeSvg(id: string, kind: keyof typeof SHAPES, label: string): string {
  // The same id always gives the same drawing: its colours come from the id's hash.
  const h = crypto.createHash('sha256').update(id).digest();
  const sky = SKIES[h[0]! % SKIES.length]!;
  const ground = GROUNDS[h[1]! % GROUNDS.length]!;
  const body = BODIES[h[2]! % BODIES.length]!;
  const sunX = 380 + (h[3]! % 200);
  const shape = SHAPES[kind];
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 360" width="640" height="360" role="img" aria-label="${esc(label)}">` +
    `<rect width="640" height="360" fill="${sky}"/><circle cx="${sunX}" cy="70" r="34" fill="#fff4d6"/>` +
    `<path d="M0 360 L0 286 Q320 250 640 286 L640 360 Z" fill="${ground}"/>` +
    `<path d="${shape.body}" fill="${body}" stroke="#222" stroke-width="3"/>` +
    `<path d="M0 300 L640 300" stroke="#00000022" stroke-width="6"/>` +
    shape.wheels.map((x) => `<circle cx="${x}" cy="268" r="34" fill="#1b1b1b" stroke="#ccc" stroke-width="7"/>`).join('') +
    '</svg>'
  );
}

/** What outline suits a nominee, from its category. */
function kindFor(categoryId: string, nomineeId: string): keyof typeof SHAPES {
  if (/buzz|van|profi/.test(nomineeId)) return 'van';
  return /crossover|off-road/.test(categoryId) || /rx|tank|cruiser|range|sportage|tiggo|bz4x|i-pro/.test(nomineeId) ? 'crossover' : 'sedan';
}

/** A drawing per nominee into the library; returns each nominee's `media:KEY` reference by its id. */
export async function addNomineeDrawings(library: MediaLibrary, nominees: Array<{ categoryId: string; id: string; title: string }>): Promise<Map<string, string>> {
  return withTempDir(async (tmp) => {
    const out = new Map<string, string>();
    for (const n of nominees) {
      const alt = `A drawing of a car standing in for the ${n.title}: a simple silhouette on a road, not a photograph`;
      const png = await sharp(Buffer.from(nomineeSvg(n.id, kindFor(n.categoryId, n.id), alt))).resize(NOMINEE_WIDTH).png().toBuffer();
      const item = await addPng(library, tmp, `${n.id}.png`, png, alt);
      out.set(n.id, `media:${item.key}`);
    }
    return out;
  });
}
