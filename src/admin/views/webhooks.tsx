import type { PageContext } from '../context';
import { AdminLayout, Csrf, formatTime, Notice } from './layout';
import { TableHead } from '../../web/table-head';
import { WEBHOOK_EVENTS } from '../../webhooks/events';
import type { DeliveryLogRow, WebhookEndpoint } from '../../webhooks/store';

export interface EndpointForm {
  url: string;
  description: string;
  events: string[];
  active: boolean;
}

const EVENT_HINTS: Record<(typeof WEBHOOK_EVENTS)[number], string> = {
  'article.published': 'an article appears (a scheduled one at its time)',
  'article.updated': 'a published article is saved again',
  'article.unpublished': 'a published article is taken back to draft',
  'campaign.closed': 'a Grand Prix campaign passes its closing time',
  'draw.published': 'a prize draw is run and its record published',
};

function EndpointFields({ form, error }: { form: EndpointForm; error?: string | null }) {
  return (
    <>
      <label>
        Address <span class="hint">— a full https:// (or http://) address that accepts POST requests</span>
        <input name="url" type="url" required maxLength={2000} placeholder="https://hooks.example.com/paddock" value={form.url} aria-invalid={error ? 'true' : undefined} />
      </label>
      <label>
        Description <span class="hint">— who or what receives these (optional)</span>
        <input name="description" maxLength={500} value={form.description} />
      </label>
      <fieldset>
        <legend>Events</legend>
        {WEBHOOK_EVENTS.map((e) => (
          <label key={e}>
            <input type="checkbox" name="events" value={e} checked={form.events.includes(e)} /> <code>{e}</code> <span class="hint">— {EVENT_HINTS[e]}</span>
          </label>
        ))}
      </fieldset>
      <label>
        <input type="checkbox" name="active" value="1" checked={form.active} /> Active <span class="hint">— an inactive endpoint keeps its queued events until it is switched on again</span>
      </label>
    </>
  );
}

export interface WebhooksViewProps {
  ctx: PageContext;
  endpoints: WebhookEndpoint[];
  notice?: string | null;
  error?: string | null;
  form?: EndpointForm;
  /** Right after registration: the secret, shown this once. */
  created?: { id: number; url: string; secret: string } | null;
}

export function WebhooksView(props: WebhooksViewProps) {
  const { ctx, endpoints, created } = props;
  const form = props.form ?? { url: '', description: '', events: ['article.published', 'article.updated', 'article.unpublished'], active: true };
  return (
    <AdminLayout ctx={ctx} title="Webhooks" section="webhooks">
      <h1>Webhooks</h1>
      <p class="hint">
        Paddock POSTs a signed JSON event to each active endpoint that subscribes to it, and retries a failed delivery with growing pauses (1 minute to 12 hours, 8 attempts in all). The README
        shows how a receiver checks the <code>Paddock-Signature</code> header.
      </p>
      <Notice text={props.notice} />
      <Notice text={props.error} kind="error" />
      {created && (
        <section class="box" aria-labelledby="secret-heading">
          <h2 id="secret-heading">Signing secret of endpoint #{created.id}</h2>
          <p>
            Copy it now into the receiver at <code>{created.url}</code>: <strong>it is not shown again.</strong> A lost secret means registering the endpoint anew.
          </p>
          <p>
            <code class="secret">{created.secret}</code>
          </p>
        </section>
      )}
      <table class="list">
        <TableHead columns={['Endpoint', 'Events', 'State', 'Added']} />
        <tbody>
          {endpoints.map((e) => (
            <tr key={e.id}>
              <td>
                <a href={`/admin/webhooks/${e.id}`}>
                  <code>{e.url}</code>
                </a>
                {e.description && <div class="hint">{e.description}</div>}
              </td>
              <td>{e.events.join(', ')}</td>
              <td>{e.active ? 'active' : 'inactive'}</td>
              <td>
                {formatTime(e.createdAt, ctx.zone)} {e.createdBy ? `(${e.createdBy})` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {endpoints.length === 0 && <p>No endpoints yet.</p>}
      <h2>Register an endpoint</h2>
      <form method="post" action="/admin/webhooks" class="stack narrow">
        <Csrf ctx={ctx} />
        <EndpointFields form={form} error={props.error ?? null} />
        <button type="submit">Register</button>
      </form>
    </AdminLayout>
  );
}

export interface WebhookViewProps {
  ctx: PageContext;
  endpoint: WebhookEndpoint;
  log: DeliveryLogRow[];
  notice?: string | null;
  error?: string | null;
  form?: EndpointForm;
}

export function WebhookView(props: WebhookViewProps) {
  const { ctx, endpoint, log } = props;
  const form = props.form ?? { url: endpoint.url, description: endpoint.description, events: endpoint.events, active: endpoint.active };
  const when = (iso: string | null) => (iso ? formatTime(iso, ctx.zone) : '—');
  return (
    <AdminLayout ctx={ctx} title={`Webhook #${endpoint.id}`} section="webhooks">
      <p class="crumbs">
        <a href="/admin/webhooks">Webhooks</a>
      </p>
      <h1>
        Webhook #{endpoint.id}: <code>{endpoint.url}</code>
      </h1>
      <Notice text={props.notice} />
      <Notice text={props.error} kind="error" />
      <div class="actions">
        <form method="post" action={`/admin/webhooks/${endpoint.id}/test`}>
          <Csrf ctx={ctx} />
          <button type="submit">Send test event</button>
        </form>
      </div>
      <h2>Deliveries</h2>
      <p class="hint">The latest 100, newest first. Delivered and given-up deliveries are kept for 30 days.</p>
      <table class="list">
        <TableHead columns={['Event', 'Queued', 'Status', 'Attempts', 'Last answer', 'Latency', 'Response', 'Next try']} />
        <tbody>
          {log.map((d) => (
            <tr key={d.id}>
              <td>
                <code>{d.event}</code>
                <div class="hint">{d.deliveryId}</div>
              </td>
              <td>{when(d.createdAt)}</td>
              <td>
                <span class={`status status-delivery-${d.status}`}>{d.status}</span>
              </td>
              <td>{d.attempts}</td>
              <td>{d.lastStatus !== null ? `HTTP ${d.lastStatus}` : (d.lastError ?? '—')}</td>
              <td>{d.lastLatencyMs !== null ? `${d.lastLatencyMs} ms` : '—'}</td>
              <td>{d.lastResponse ? <code>{d.lastResponse.slice(0, 200)}</code> : '—'}</td>
              <td>{d.status === 'pending' ? when(d.nextAttemptAt ?? d.createdAt) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {log.length === 0 && <p>Nothing sent yet.</p>}
      <h2>Settings</h2>
      <form method="post" action={`/admin/webhooks/${endpoint.id}`} class="stack narrow">
        <Csrf ctx={ctx} />
        <EndpointFields form={form} error={props.error ?? null} />
        <button type="submit">Save</button>
      </form>
      <section class="box narrow" aria-labelledby="delete-heading">
        <h2 id="delete-heading">Delete this endpoint</h2>
        <p class="hint">Its queued deliveries and its log go with it. The secret cannot be shown again; to change it, register the endpoint anew and delete this one.</p>
        <form method="post" action={`/admin/webhooks/${endpoint.id}/delete`}>
          <Csrf ctx={ctx} />
          <button type="submit" class="danger">
            Delete
          </button>
        </form>
      </section>
    </AdminLayout>
  );
}
