import fs from 'node:fs/promises';
import path from 'node:path';
import { DateTime } from 'luxon';
import { parseDocument } from 'yaml';
import { fileURLToPath } from 'node:url';
import { articlesRepository } from './articles/repository';
import { formatIssue, importPaths } from './articles/import/import-run';
import type { Config } from './config';
import type { PaddockDb } from './db/database';
import { importCampaign } from './grandprix/campaign-import';
import { firstRoundAfter, QUICKNET } from './grandprix/drand-chains';
import { isLibraryHero } from './articles/model';
import { recomputeRelated } from './articles/related/recompute';
import { addDemoIllustrations, addNomineeDrawings } from './demo-media';
import { mediaLibraryFromConfig } from './media/library';

export const DEMO_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'content', 'demo');

/** On first start into an empty database, load the demo articles (PADDOCK_DEMO=0 turns this off). */
export async function loadDemoContentIfEmpty(database: PaddockDb, config: Config, log: (msg: string) => void): Promise<void> {
  if (!config.PADDOCK_DEMO) return;
  const articles = articlesRepository(database);
  if ((await articles.count()) > 0) return;
  const started = performance.now();
  // The articles name their illustrations by URL; readers get the library's responsive copies instead.
  const images = await addDemoIllustrations(mediaLibraryFromConfig(database.db, config), path.join(DEMO_DIR, 'articles', 'images'), '/static/demo/');
  const report = await importPaths([path.join(DEMO_DIR, 'articles')], {
    repo: articles,
    timeZone: config.SITE_TIMEZONE,
    listener: { issue: (i) => log(`demo article not loaded: ${formatIssue(i)}`) },
    adapt: (input) => {
      const item = input.hero && !isLibraryHero(input.hero) ? images.get(input.hero.url) : undefined;
      return item && input.hero ? { ...input, hero: { mediaId: item.id, alt: input.hero.alt, credit: input.hero.credit } } : input;
    },
  });
  // Each article's "Read next" among all the others, once they are all in (saving one by one would
  // let the first ones see only those before them).
  await recomputeRelated(database);
  log(`demo content: ${report.added} articles and ${images.size} images loaded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * The demo campaign is written with its real-looking 2023 dates; on first start it is moved so
 * that it is open now and closes six weeks later, which is what someone trying Paddock wants.
 */
export async function loadDemoCampaignIfNone(database: PaddockDb, config: Config, now: Date, log: (msg: string) => void): Promise<void> {
  if (!config.PADDOCK_DEMO) return;
  const existing = await database.db.selectFrom('campaigns').select('id').limit(1).executeTakeFirst();
  if (existing) return;
  const text = await fs.readFile(path.join(DEMO_DIR, 'campaign', 'grand-prix-2023.yaml'), 'utf8');
  const doc = parseDocument(text);
  const zone = String(doc.get('timezone'));
  const opens = DateTime.fromJSDate(now, { zone }).startOf('day').minus({ days: 1 });
  const closes = opens.plus({ weeks: 6 });
  const localFormat = "yyyy-LL-dd'T'HH:mm:ss";
  doc.set('opens_at', opens.toFormat(localFormat));
  doc.set('closes_at', closes.toFormat(localFormat));
  // The announced drand round must come after the close: move it with the dates.
  if (doc.getIn(['draw', 'beacon', 'chain']) === QUICKNET.hash) {
    doc.setIn(['draw', 'beacon', 'round'], firstRoundAfter(QUICKNET, closes.toJSDate(), 3600));
  }
  // Nominees without a picture get a drawing of their own in the media library.
  const categories = (doc.toJS() as { categories: Array<{ id: string; nominees: Array<{ id: string; title: string; image?: string }> }> }).categories;
  const bare = categories.flatMap((c, i) => c.nominees.flatMap((n, j) => (n.image ? [] : [{ categoryId: c.id, id: n.id, title: n.title, at: [i, j] as const }])));
  const drawings = await addNomineeDrawings(mediaLibraryFromConfig(database.db, config), bare);
  for (const n of bare) doc.setIn(['categories', n.at[0], 'nominees', n.at[1], 'image'], drawings.get(n.id));
  const outcome = await importCampaign(database.db, doc.toString(), now);
  log(`demo campaign ${outcome.slug}: open until ${opens.plus({ weeks: 6 }).toISO()}`);
}
