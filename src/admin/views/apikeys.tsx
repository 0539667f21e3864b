import type { ApiKey } from '../../api/keys';
import { TableHead } from '../../web/table-head';
import type { PageContext } from '../context';
import { AdminLayout, Csrf, Notice } from './layout';
import { rich } from '../i18n/rich';

export interface ApiKeysViewProps {
  ctx: PageContext;
  keys: ApiKey[];
  /** A key just made: shown this once, never again. */
  created?: { key: ApiKey; token: string } | null;
  notice?: string | null;
  error?: string | null;
  form?: { name: string; origins: string; rate: string };
  defaultRate: number;
}

export function ApiKeysView(props: ApiKeysViewProps) {
  const { ctx, keys, created, notice, error, form } = props;
  const { t, time } = ctx.i18n;
  return (
    <AdminLayout ctx={ctx} title={t('apikeys.title')} section="api-keys">
      <h1>{t('apikeys.title')}</h1>
      <p class="hint">
        {rich(t('apikeys.hint'), { openapi: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>, command: <code>paddock apikey add|list|revoke</code> })}
      </p>
      <Notice text={notice} />
      <Notice text={error} kind="error" />
      {created && (
        <section class="notice notice-ok" role="status">
          <p>{t('apikeys.made', { id: created.key.id, name: created.key.name })}</p>
          <p>
            <label>
              {t('apikeys.theKey')}
              <input readOnly value={created.token} size={60} autocomplete="off" spellcheck={false} />
            </label>
          </p>
          <p class="hint">{rich(t('apikeys.sendAs'), { bearer: <code>Authorization: Bearer KEY</code>, header: <code>X-Paddock-Key</code>, query: <code>?key=</code> })}</p>
        </section>
      )}
      <h2>{t('apikeys.make')}</h2>
      <form method="post" action="/admin/api-keys" class="stack narrow">
        <Csrf ctx={ctx} />
        <label>
          {t('apikeys.name')}
          <input name="name" required maxLength={100} placeholder={t('apikeys.namePlaceholder')} value={form?.name ?? ''} />
        </label>
        <label>
          {t('apikeys.origins')}
          <textarea name="origins" rows={3} maxLength={4000} placeholder="https://app.example.com">
            {form?.origins ?? ''}
          </textarea>
        </label>
        <label>
          {t('apikeys.rate')}
          <input name="rate" inputMode="numeric" pattern="[0-9]{1,6}" value={form?.rate ?? String(props.defaultRate)} />
        </label>
        <button type="submit">{t('apikeys.submit')}</button>
      </form>
      <table class="list">
        <TableHead columns={['#', t('apikeys.col.name'), t('apikeys.col.key'), t('apikeys.col.origins'), t('apikeys.col.limit'), t('apikeys.col.made'), t('apikeys.col.lastUsed'), '']} />
        <tbody>
          {keys.map((k) => (
            <tr key={k.id}>
              <td>{k.id}</td>
              <td>{k.name}</td>
              <td>
                <code>{k.prefix}…</code>
              </td>
              <td>{k.origins.length ? k.origins.map((o) => <div key={o}>{o}</div>) : '—'}</td>
              <td>{t('apikeys.perMinute', { n: ctx.i18n.number(k.ratePerMinute) })}</td>
              <td>
                {time(k.createdAt)} {k.createdBy ? `(${k.createdBy})` : ''}
              </td>
              <td>{k.lastUsedAt ? time(k.lastUsedAt) : t('apikeys.never')}</td>
              <td class="row-actions">
                {k.revokedAt ? (
                  t('apikeys.revokedAt', { time: time(k.revokedAt) })
                ) : (
                  <form method="post" action={`/admin/api-keys/${k.id}/revoke`}>
                    <Csrf ctx={ctx} />
                    <button type="submit" class="danger">
                      {t('apikeys.revoke')}
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </AdminLayout>
  );
}
