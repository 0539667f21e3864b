import type { Kysely } from 'kysely';
import { audit } from '../audit/audit';
import type { Database } from '../db/schema';
import { Refusal } from '../errors';
import { resolveTarget } from './address-guard';
import { isWebhookEvent, type WebhookEvent } from './events';
import { newSecret } from './signature';
import { webhookStore, type WebhookEndpoint } from './store';

export interface EndpointInput {
  url: string;
  description: string;
  events: string[];
  active: boolean;
}

const DESCRIPTION_MAX = 500;

/**
 * What admins do with webhook endpoints, each change audited in its own transaction. The URL is
 * checked when it is registered or changed (http(s), resolves, not private unless allowed), and
 * again before every delivery, since DNS answers change.
 */
export function webhookService(db: Kysely<Database>, options: { allowPrivate: boolean; now: () => Date }) {
  const store = webhookStore(db);

  async function checked(input: EndpointInput): Promise<{ url: string; description: string; events: WebhookEvent[]; active: boolean }> {
    const { url } = await resolveTarget(input.url, { allowPrivate: options.allowPrivate });
    const events = [...new Set(input.events)].filter(isWebhookEvent);
    if (events.length === 0) throw new Refusal('webhook_events', {}, 'events');
    return { url: url.href, description: input.description.trim().slice(0, DESCRIPTION_MAX), events, active: input.active };
  }

  async function existing(id: number): Promise<WebhookEndpoint> {
    const found = await store.findEndpoint(id);
    if (!found) throw new Refusal('no_webhook', { id });
    return found;
  }

  return {
    store,
    list: () => store.listEndpoints(),
    find: existing,

    /** Registers an endpoint and returns its secret: the only time anyone is shown it. */
    async register(input: EndpointInput, actor: string): Promise<{ id: number; secret: string }> {
      const values = await checked(input);
      const secret = newSecret();
      const now = options.now();
      const id = await db.transaction().execute(async (trx) => {
        const id = await store.createEndpoint(trx, { ...values, secret, by: actor }, now);
        await audit(trx, { actor, action: 'webhook.add', target: `webhook:${id}`, details: { url: values.url, events: values.events, active: values.active } }, now);
        return id;
      });
      return { id, secret };
    },

    async update(id: number, input: EndpointInput, actor: string): Promise<void> {
      const before = await existing(id);
      const values = await checked(input);
      const now = options.now();
      await db.transaction().execute(async (trx) => {
        if (!(await store.updateEndpoint(trx, id, values, now))) throw new Refusal('no_webhook', { id });
        const details = { url: values.url, events: values.events, active: values.active, ...(before.url !== values.url ? { previous_url: before.url } : {}) };
        await audit(trx, { actor, action: 'webhook.update', target: `webhook:${id}`, details }, now);
      });
    },

    async remove(id: number, actor: string): Promise<void> {
      const before = await existing(id);
      const now = options.now();
      await db.transaction().execute(async (trx) => {
        if (!(await store.deleteEndpoint(trx, id))) throw new Refusal('no_webhook', { id });
        await audit(trx, { actor, action: 'webhook.remove', target: `webhook:${id}`, details: { url: before.url } }, now);
      });
    },

    /** Queues a `ping` to this endpoint alone (active or not: a test before switching it on is the point). */
    async sendTest(id: number, actor: string): Promise<void> {
      const endpoint = await existing(id);
      const now = options.now();
      await db.transaction().execute(async (trx) => {
        await store.enqueue(trx, { event: 'ping', data: { endpoint: endpoint.id, message: 'A test event sent from the Paddock admin.' }, endpointIds: [endpoint.id] }, now);
        await audit(trx, { actor, action: 'webhook.test', target: `webhook:${id}` }, now);
      });
    },
  };
}

export type WebhookService = ReturnType<typeof webhookService>;
