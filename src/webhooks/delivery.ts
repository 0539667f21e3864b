import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { announceClosedCampaigns } from './campaign-closures';
import { signatureHeader } from './signature';
import type { WebhookSender } from './sender';
import type { WebhookStore } from './store';

export interface DeliveryLog {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface WebhookDelivery {
  /** Something was queued: deliver soon. */
  nudge(): void;
  /** Delivers everything due now (by the injected clock); resolves when nothing is due. */
  drain(): Promise<void>;
  /** Stops polling and waits for the round in progress. */
  stop(): Promise<void>;
}

const BATCH = 32;
/** Events queued by another instance, retries and scheduled publications are picked up within this time. */
const POLL_MS = 5000;
/** Closed campaigns are looked for, and old log rows pruned, at most this often. */
const SWEEP_MS = 60_000;

/**
 * The webhook delivery loop, on the server's main thread (unlike mail it does no blocking work:
 * each attempt is one HTTP request): claims due deliveries, POSTs them signed, records each
 * attempt. At least once: a delivery is leased while it is sent, and a process that dies
 * mid-send leaves it to be sent again when the lease runs out.
 */
export function webhookDelivery(options: {
  db: Kysely<Database>;
  store: WebhookStore;
  send: WebhookSender;
  siteUrl: string;
  log: DeliveryLog;
  now?: () => Date;
  poll?: boolean;
}): WebhookDelivery {
  const { db, store, send, log } = options;
  const now = options.now ?? (() => new Date());
  let round: Promise<void> | null = null;
  let requested = false;
  let stopped = false;
  let lastSweep = -Infinity;

  async function sweep(): Promise<void> {
    const at = now();
    // A moved clock (tests) may go back: sweep again whenever it is not within the last minute.
    if (Math.abs(at.getTime() - lastSweep) < SWEEP_MS) return;
    lastSweep = at.getTime();
    await announceClosedCampaigns(db, store, options.siteUrl, at);
    await store.prune(at);
  }

  async function deliverBatch(): Promise<number> {
    const claimed = await store.claim(now(), BATCH);
    await Promise.all(
      claimed.map(async (d) => {
        const outcome = await send({
          url: d.url,
          body: d.body,
          headers: {
            'content-type': 'application/json',
            'paddock-delivery': d.deliveryId,
            'paddock-signature': signatureHeader(d.secret, d.body, now()),
          },
        });
        if (!outcome.ok) log.warn({ delivery: d.deliveryId, endpoint: d.endpointId, attempts: d.attempts, err: outcome.error }, 'webhook not delivered: will retry');
        await store.settle(d, outcome, now());
      }),
    );
    return claimed.length;
  }

  async function rounds(): Promise<void> {
    try {
      while (requested && !stopped) {
        requested = false;
        await sweep();
        while (!stopped && (await deliverBatch()) === BATCH);
      }
    } catch (error) {
      log.error({ err: error instanceof Error ? error.message : String(error) }, 'webhook delivery round failed: retrying on the next poll');
    } finally {
      round = null;
    }
  }

  function drain(): Promise<void> {
    requested = true;
    round ??= rounds();
    return round;
  }

  const timer = options.poll === false ? null : setInterval(() => void drain(), POLL_MS);
  timer?.unref();

  return {
    nudge: () => void drain(),
    drain,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await round;
    },
  };
}
