import type { Kysely } from 'kysely';
import type { Config } from '../config';
import { readContentVersion } from '../db/content-version';
import type { Database } from '../db/schema';
import { createI18n } from '../i18n/messages';
import type { SiteContext } from './context';

/** When the site changes by the clock alone (a scheduled article, a campaign opening): an ISO instant or null. */
export type NextEventSource = (now: Date) => Promise<string | null>;

export interface SiteSnapshot {
  version: number;
  site: SiteContext;
  /** Until this instant nothing changes unless the content version does; page caches expire here. */
  stableUntil: number;
}

/**
 * Site-wide facts every page shows (rubric navigation) and how long they hold. Kept per process
 * but checked against the database's content version on each request, so every instance sees a
 * change at once.
 */
export function createSiteState(db: Kysely<Database>, config: Config, now: () => Date) {
  const i18n = createI18n(config.SITE_LANG, config.SITE_TIMEZONE);
  const sources: NextEventSource[] = [];
  let cached: SiteSnapshot | null = null;

  async function nextEvent(at: Date): Promise<number> {
    const instants = await Promise.all(sources.map((s) => s(at)));
    return Math.min(Infinity, ...instants.filter((i): i is string => i !== null).map((i) => Date.parse(i)));
  }

  return {
    i18n,
    addNextEventSource(source: NextEventSource) {
      sources.push(source);
      cached = null;
    },
    async current(): Promise<SiteSnapshot> {
      const version = await readContentVersion(db);
      const at = now();
      if (cached && cached.version === version && at.getTime() < cached.stableUntil) return cached;
      const rubrics = await db.selectFrom('rubrics').selectAll().orderBy('slug').execute();
      cached = { version, site: { config, i18n, rubrics }, stableUntil: await nextEvent(at) };
      return cached;
    },
  };
}

export type SiteState = ReturnType<typeof createSiteState>;
