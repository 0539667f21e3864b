import crypto from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { LRUCache } from 'lru-cache';
import type { Config } from '../config';
import { groupCommit } from '../db/group-commit';
import type { Database } from '../db/schema';
import type { MailDelivery } from '../mail/delivery';
import { campaignsRepository, type CampaignsRepository, type StoredCampaign } from './campaigns-repository';
import { entriesRepository } from './entries-repository';
import { entryService } from './entry-service';
import { createProofOfWork, type ProofOfWork } from './proof-of-work';
import { ballotsService } from './ballots';
import { resultsService } from './results-service';

/** How long a ballot form stays good to send after it was opened. */
const FORM_MAX_AGE_MS = 2 * 3600_000;

/**
 * Entry handling reads its campaign on every submission and confirmation. Once a campaign has
 * opened only its texts may change (campaign-changes.ts), and the freeze is checked inside the
 * write itself, so these reads may use a copy up to a second old; everything else reads fresh.
 */
function entryCampaigns(campaigns: CampaignsRepository) {
  const bySlug = new LRUCache<string, StoredCampaign>({ max: 100, ttl: 1000 });
  const byId = new LRUCache<number, StoredCampaign>({ max: 100, ttl: 1000 });
  const remember = (stored: StoredCampaign | null) => {
    if (stored) {
      bySlug.set(stored.slug, stored);
      byId.set(stored.id, stored);
    }
    return stored;
  };
  return {
    bySlug: async (slug: string) => bySlug.get(slug) ?? remember(await campaigns.findBySlug(slug)),
    byId: async (id: number, trx?: Transaction<Database>) => byId.get(id) ?? remember(await campaigns.findById(id, trx)),
  };
}

/**
 * PostgreSQL commits several batches of entries at once (db/group-commit.ts); SQLite has one
 * writer. GROUP_COMMITS overrides it, for bench:vote's comparisons.
 */
function commitsInFlight(config: Config): number {
  return config.GROUP_COMMITS ?? (config.DATABASE_URL.startsWith('postgres') ? 3 : 1);
}

/** Everything the Grand Prix routes need, wired once per app. */
export function createGrandPrix(db: Kysely<Database>, config: Config, mailDelivery: Pick<MailDelivery, 'nudge'>, secret: string) {
  const powKey = crypto.createHmac('sha256', secret).update('altcha').digest('hex');
  const campaigns = campaignsRepository(db);
  const ballots = ballotsService(db);
  const pow: ProofOfWork | null = config.PADDOCK_POW === 'on' ? createProofOfWork(db, powKey) : null;
  return {
    db,
    config,
    campaigns,
    entryCampaigns: entryCampaigns(campaigns),
    entries: entriesRepository(db),
    service: entryService({ db, commits: groupCommit(db, { inFlight: commitsInFlight(config) }), mailDelivery, siteUrl: config.SITE_URL, lang: config.SITE_LANG }),
    /** The frozen ballot lists, read once per campaign for the results and the ballot pages alike. */
    ballots,
    results: resultsService(db, ballots),
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
