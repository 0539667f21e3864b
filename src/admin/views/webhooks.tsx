import type { PageContext } from '../context';
import type { AdminI18n, AdminKey } from '../i18n';
import { rich } from '../i18n/rich';
import { AdminLayout, Csrf, Notice } from './layout';
import { TableHead } from '../../web/table-head';
import { WEBHOOK_EVENTS } from '../../webhooks/events';
import type { DeliveryLogRow, WebhookEndpoint } from '../../webhooks/store';

export interface EndpointForm {
  url: string;
  description: string;
  events: string[];
  active: boolean;
}

const EVENT_HINTS: Record<(typeof WEBHOOK_EVENTS)[number], AdminKey> = {
  'article.published': 'webhooks.event.article.published',
  'article.updated': 'webhooks.event.article.updated',
  'article.unpublished': 'webhooks.event.article.unpublished',
  'campaign.closed': 'webhooks.event.campaign.closed',
  'draw.published': 'webhooks.event.draw.published',
};

const DELIVERY_STATUS: Record<DeliveryLogRow['status'], AdminKey> = {
  pending: 'webhooks.delivery.pending',
  delivered: 'webhooks.delivery.delivered',
  failed: 'webhooks.delivery.failed',
};

function EndpointFields({ i18n, form, error }: { i18n: AdminI18n; form: EndpointForm; error?: string | null }) {
  const { t } = i18n;
  return (
    <>
      <label>
        {t('webhooks.field.url')} <span class="hint">{t('webhooks.field.url.hint')}</span>
        <input name="url" type="url" required maxLength={2000} placeholder="https://hooks.example.com/paddock" value={form.url} aria-invalid={error ? 'true' : undefined} />
      </label>
      <label>
        {t('webhooks.field.description')} <span class="hint">{t('webhooks.field.description.hint')}</span>
        <input name="description" maxLength={500} value={form.description} />
      </label>
      <fieldset>
        <legend>{t('webhooks.col.events')}</legend>
        {WEBHOOK_EVENTS.map((e) => (
          <label key={e}>
            <input type="checkbox" name="events" value={e} checked={form.events.includes(e)} /> <code>{e}</code> <span class="hint">— {t(EVENT_HINTS[e])}</span>
          </label>
        ))}
      </fieldset>
      <label>
        <input type="checkbox" name="active" value="1" checked={form.active} /> {t('webhooks.field.active')} <span class="hint">{t('webhooks.field.active.hint')}</span>
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
  const { t, time } = ctx.i18n;
  const form = props.form ?? { url: '', description: '', events: ['article.published', 'article.updated', 'article.unpublished'], active: true };
  return (
    <AdminLayout ctx={ctx} title={t('webhooks.title')} section="webhooks">
      <h1>{t('webhooks.title')}</h1>
      <p class="hint">{rich(t('webhooks.intro'), { header: <code>Paddock-Signature</code> })}</p>
      <Notice text={props.notice} />
      <Notice text={props.error} kind="error" />
      {created && (
        <section class="box" aria-labelledby="secret-heading">
          <h2 id="secret-heading">{t('webhooks.secret.heading', { id: created.id })}</h2>
          <p>{rich(t('webhooks.secret.copy'), { url: <code>{created.url}</code>, notAgain: <strong>{t('webhooks.secret.notAgain')}</strong> })}</p>
          <p>
            <code class="secret">{created.secret}</code>
          </p>
        </section>
      )}
      <table class="list">
        <TableHead columns={[t('webhooks.col.endpoint'), t('webhooks.col.events'), t('webhooks.col.state'), t('webhooks.col.added')]} />
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
              <td>{t(e.active ? 'webhooks.active' : 'webhooks.inactive')}</td>
              <td>
                {time(e.createdAt)} {e.createdBy ? `(${e.createdBy})` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {endpoints.length === 0 && <p>{t('webhooks.none')}</p>}
      <h2>{t('webhooks.register.heading')}</h2>
      <form method="post" action="/admin/webhooks" class="stack narrow">
        <Csrf ctx={ctx} />
        <EndpointFields i18n={ctx.i18n} form={form} error={props.error ?? null} />
        <button type="submit">{t('webhooks.register.submit')}</button>
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
  const { t, time, number } = ctx.i18n;
  const form = props.form ?? { url: endpoint.url, description: endpoint.description, events: endpoint.events, active: endpoint.active };
  const when = (iso: string | null) => (iso ? time(iso) : '—');
  return (
    <AdminLayout ctx={ctx} title={t('webhooks.item.title', { id: endpoint.id })} section="webhooks">
      <p class="crumbs">
        <a href="/admin/webhooks">{t('webhooks.title')}</a>
      </p>
      <h1>{rich(t('webhooks.item.heading', { id: endpoint.id }), { url: <code>{endpoint.url}</code> })}</h1>
      <Notice text={props.notice} />
      <Notice text={props.error} kind="error" />
      <div class="actions">
        <form method="post" action={`/admin/webhooks/${endpoint.id}/test`}>
          <Csrf ctx={ctx} />
          <button type="submit">{t('webhooks.test')}</button>
        </form>
      </div>
      <h2>{t('webhooks.deliveries')}</h2>
      <p class="hint">{t('webhooks.deliveries.hint')}</p>
      <table class="list">
        <TableHead
          columns={[
            t('webhooks.col.event'),
            t('webhooks.col.queued'),
            t('webhooks.col.status'),
            t('webhooks.col.attempts'),
            t('webhooks.col.lastAnswer'),
            t('webhooks.col.latency'),
            t('webhooks.col.response'),
            t('webhooks.col.nextTry'),
          ]}
        />
        <tbody>
          {log.map((d) => (
            <tr key={d.id}>
              <td>
                <code>{d.event}</code>
                <div class="hint">{d.deliveryId}</div>
              </td>
              <td>{when(d.createdAt)}</td>
              <td>
                <span class={`status status-delivery-${d.status}`}>{DELIVERY_STATUS[d.status] ? t(DELIVERY_STATUS[d.status]) : d.status}</span>
              </td>
              <td>{number(d.attempts)}</td>
              <td>{d.lastStatus !== null ? `HTTP ${d.lastStatus}` : (d.lastError ?? '—')}</td>
              <td>{d.lastLatencyMs !== null ? t('webhooks.latency', { n: number(d.lastLatencyMs) }) : '—'}</td>
              <td>{d.lastResponse ? <code>{d.lastResponse.slice(0, 200)}</code> : '—'}</td>
              <td>{d.status === 'pending' ? when(d.nextAttemptAt ?? d.createdAt) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {log.length === 0 && <p>{t('webhooks.nothingSent')}</p>}
      <h2>{t('webhooks.settings')}</h2>
      <form method="post" action={`/admin/webhooks/${endpoint.id}`} class="stack narrow">
        <Csrf ctx={ctx} />
        <EndpointFields i18n={ctx.i18n} form={form} error={props.error ?? null} />
        <button type="submit">{t('webhooks.save')}</button>
      </form>
      <section class="box narrow" aria-labelledby="delete-heading">
        <h2 id="delete-heading">{t('webhooks.delete.heading')}</h2>
        <p class="hint">{t('webhooks.delete.hint')}</p>
        <form method="post" action={`/admin/webhooks/${endpoint.id}/delete`}>
          <Csrf ctx={ctx} />
          <button type="submit" class="danger">
            {t('webhooks.delete.submit')}
          </button>
        </form>
      </section>
    </AdminLayout>
  );
}
