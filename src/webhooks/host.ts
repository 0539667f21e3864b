import type { Config } from '../config';
import type { PaddockDb } from '../db/database';
import { webhookDelivery, type DeliveryLog, type WebhookDelivery } from './delivery';
import { httpSender, type WebhookSender } from './sender';
import { webhookStore } from './store';

/** The server's webhook loop; tests pass their clock and `poll: false`, then `drain()` it. */
export function startWebhookDelivery(options: { database: PaddockDb; config: Config; log: DeliveryLog; now?: () => Date; send?: WebhookSender; poll?: boolean }): WebhookDelivery {
  const { database, config } = options;
  return webhookDelivery({
    db: database.db,
    store: webhookStore(database.db),
    send: options.send ?? httpSender({ allowPrivate: config.WEBHOOK_ALLOW_PRIVATE }),
    siteUrl: config.SITE_URL,
    log: options.log,
    ...(options.now ? { now: options.now } : {}),
    ...(options.poll !== undefined ? { poll: options.poll } : {}),
  });
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Delivers queued webhooks; tests `drain()` it. */
    webhookDelivery: WebhookDelivery;
  }
}
