import type { Config } from '../config';
import type { I18n } from '../i18n/messages';

/** What every page component needs to know about the site. */
export interface SiteContext {
  config: Pick<Config, 'SITE_NAME' | 'SITE_URL' | 'SITE_LANG' | 'SITE_TIMEZONE'>;
  i18n: I18n;
  rubrics: Array<{ slug: string; name: string }>;
}
