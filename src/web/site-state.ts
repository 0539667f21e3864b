import type { Kysely } from 'kysely';
import type { Config } from '../config';
import { readContentVersion } from '../db/content-version';
import type { Database } from '../db/schema';
import { createI18n } from '../i18n/messages';
import type { SiteContext } from './context';

/**
 * Site-wide facts every page shows (rubric navigation). Held per process but checked against the
 * database's content version on each request, so every instance sees a change at once.
 */
export function createSiteState(db: Kysely<Database>, config: Config) {
  const i18n = createI18n(config.SITE_LANG, config.SITE_TIMEZONE);
  let cached: { version: number; site: SiteContext } | null = null;
  return {
    i18n,
    async current(): Promise<{ version: number; site: SiteContext }> {
      const version = await readContentVersion(db);
      if (cached && cached.version === version) return cached;
      const rubrics = await db.selectFrom('rubrics').selectAll().orderBy('slug').execute();
      cached = { version, site: { config, i18n, rubrics } };
      return cached;
    },
  };
}

export type SiteState = ReturnType<typeof createSiteState>;
