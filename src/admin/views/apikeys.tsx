import type { ApiKey } from '../../api/keys';
import { TableHead } from '../../web/table-head';
import type { PageContext } from '../context';
import { AdminLayout, Csrf, formatTime, Notice } from './layout';

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
  return (
    <AdminLayout ctx={ctx} title="API keys" section="api-keys">
      <h1>API keys</h1>
      <p class="hint">
        Keys for the read-only Content API (<a href="/api/v1/openapi.json">/api/v1/openapi.json</a> describes it). Only a hash of each key is kept: a key is shown once,
        when it is made. <code>paddock apikey add|list|revoke</code> does the same from the command line.
      </p>
      <Notice text={notice} />
      <Notice text={error} kind="error" />
      {created && (
        <section class="notice notice-ok" role="status">
          <p>
            Key {created.key.id} “{created.key.name}” is made. Copy it now: it will not be shown again.
          </p>
          <p>
            <label>
              The key
              <input readOnly value={created.token} size={60} autocomplete="off" spellcheck={false} />
            </label>
          </p>
          <p class="hint">
            Send it as <code>Authorization: Bearer KEY</code> (or an <code>X-Paddock-Key</code> header, or <code>?key=</code>).
          </p>
        </section>
      )}
      <h2>Make a key</h2>
      <form method="post" action="/admin/api-keys" class="stack narrow">
        <Csrf ctx={ctx} />
        <label>
          Name (who or what uses it)
          <input name="name" required maxLength={100} placeholder="Mobile app" value={form?.name ?? ''} />
        </label>
        <label>
          Browser origins that may read answers, one a line (leave empty for servers and apps)
          <textarea name="origins" rows={3} maxLength={4000} placeholder="https://app.example.com">
            {form?.origins ?? ''}
          </textarea>
        </label>
        <label>
          Requests a minute
          <input name="rate" inputMode="numeric" pattern="[0-9]{1,6}" value={form?.rate ?? String(props.defaultRate)} />
        </label>
        <button type="submit">Make the key</button>
      </form>
      <table class="list">
        <TableHead columns={['#', 'Name', 'Key', 'Origins', 'Limit', 'Made', 'Last used', '']} />
        <tbody>
          {keys.map((k) => (
            <tr key={k.id}>
              <td>{k.id}</td>
              <td>{k.name}</td>
              <td>
                <code>{k.prefix}…</code>
              </td>
              <td>{k.origins.length ? k.origins.map((o) => <div key={o}>{o}</div>) : '—'}</td>
              <td>{k.ratePerMinute}/min</td>
              <td>
                {formatTime(k.createdAt, ctx.zone)} {k.createdBy ? `(${k.createdBy})` : ''}
              </td>
              <td>{k.lastUsedAt ? formatTime(k.lastUsedAt, ctx.zone) : 'never'}</td>
              <td class="row-actions">
                {k.revokedAt ? (
                  `Revoked ${formatTime(k.revokedAt, ctx.zone)}`
                ) : (
                  <form method="post" action={`/admin/api-keys/${k.id}/revoke`}>
                    <Csrf ctx={ctx} />
                    <button type="submit" class="danger">
                      Revoke
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
