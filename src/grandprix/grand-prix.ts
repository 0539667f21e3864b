import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Config } from '../config';
import { groupCommit } from '../db/group-commit';
import type { Database } from '../db/schema';
import type { MailDelivery } from '../mail/delivery';
import { campaignsRepository } from './campaigns-repository';
import { entriesRepository } from './entries-repository';
import { entryService } from './entry-service';
import { createProofOfWork, type ProofOfWork } from './proof-of-work';
import { resultsService } from './results-service';

/** How long a ballot form stays good to send after it was opened. */
const FORM_MAX_AGE_MS = 2 * 3600_000;

/** Everything the Grand Prix routes need, wired once per app. */
export function createGrandPrix(db: Kysely<Database>, config: Config, mailDelivery: Pick<MailDelivery, 'nudge'>, secret: string) {
  const powKey = crypto.createHmac('sha256', secret).update('altcha').digest('hex');
  const pow: ProofOfWork | null = config.PADDOCK_POW === 'on' ? createProofOfWork(db, powKey) : null;
  return {
    db,
    config,
    campaigns: campaignsRepository(db),
    entries: entriesRepository(db),
    service: entryService({ db, commits: groupCommit(db), mailDelivery, siteUrl: config.SITE_URL, lang: config.SITE_LANG }),
    results: resultsService(db),
    pow,
    /** Signs the ballot form's start time so the minimum fill time cannot be faked. */
    formClock: {
      stamp: (at: Date) => {
        const t = String(at.getTime());
        return `${t}.${crypto.createHmac('sha256', secret).update(`form:${t}`).digest('base64url').slice(0, 22)}`;
      },
      /** The signed start time, or null when forged, malformed or older than a form stays open. */
      read: (stamp: unknown, now: Date): number | null => {
        if (typeof stamp !== 'string') return null;
        const [t, mac] = stamp.split('.');
        if (!t || !mac || !/^\d{1,15}$/.test(t) || !/^[A-Za-z0-9_-]{22}$/.test(mac)) return null;
        const expected = crypto.createHmac('sha256', secret).update(`form:${t}`).digest('base64url').slice(0, 22);
        if (!crypto.timingSafeEqual(Buffer.from(mac), Buffer.from(expected))) return null;
        const started = Number(t);
        // A stamp is good for one sitting: a bot cannot keep reusing an old one.
        return now.getTime() - started <= FORM_MAX_AGE_MS ? started : null;
      },
    },
  };
}

export type GrandPrix = ReturnType<typeof createGrandPrix>;
