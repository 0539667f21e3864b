import type { EditorStatus } from '../../articles/editor-queries';
import { DEFAULT_PREVIEW_DAYS, PREVIEW_DAYS, previewLinkStatus, type PreviewLink } from '../../articles/previews/preview-links';
import { TableHead } from '../../web/table-head';
import type { PageContext } from '../context';
import type { AdminKey } from '../i18n';
import { rich } from '../i18n/rich';
import { Csrf, Notice } from '../views/layout';

export interface PreviewLinksBoxProps {
  ctx: PageContext;
  articleId: number;
  state: EditorStatus;
  slug: string;
  links: PreviewLink[];
  now: Date;
  /** The full address of a link just made: shown this once, never again (only its hash is kept). */
  created?: string | null;
  notice?: string | null;
  error?: string | null;
}

const STATUS_TEXT: Record<ReturnType<typeof previewLinkStatus>, AdminKey> = { active: 'previews.status.active', expired: 'previews.status.expired', revoked: 'previews.status.revoked' };

/** The editor's box of an article's preview links: make one, see who made which, revoke. */
export function PreviewLinksBox(props: PreviewLinksBoxProps) {
  const { ctx, articleId, state, slug, links, now, created, notice, error } = props;
  const { t, tn, time } = ctx.i18n;
  const base = `/admin/articles/${articleId}/previews`;
  return (
    <section class="box preview-links" id="preview-links" aria-labelledby="preview-links-heading">
      <h2 id="preview-links-heading">{t('previews.heading')}</h2>
      <Notice text={notice} />
      <Notice text={error} kind="error" />
      {created && (
        <div class="notice notice-ok" role="status">
          <p>{t('previews.created')}</p>
          <label>
            {t('previews.link')}
            <input readOnly value={created} size={40} autocomplete="off" spellcheck={false} class="mono" />
          </label>
        </div>
      )}
      {state === 'published' ? (
        <p class="hint">{rich(t('previews.published'), { link: <a href={`/news/${slug}`}>/news/{slug}</a> })}</p>
      ) : (
        <form method="post" action={base} class="stack">
          <Csrf ctx={ctx} />
          <p class="hint">{t(state === 'scheduled' ? 'previews.hintScheduled' : 'previews.hintDraft')}</p>
          <label>
            {t('previews.validFor')}
            <select name="days">
              {PREVIEW_DAYS.map((d) => (
                <option key={d} value={String(d)} selected={d === DEFAULT_PREVIEW_DAYS}>
                  {tn('previews.days', d)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" class="secondary">
            {t('previews.make')}
          </button>
        </form>
      )}
      {links.length > 0 ? (
        <table class="list">
          <TableHead columns={['#', t('previews.col.made'), t('previews.col.by'), t('previews.col.expires'), t('previews.col.status'), '']} />
          <tbody>
            {links.map((link) => {
              const status = previewLinkStatus(link, now);
              return (
                <tr key={link.id}>
                  <td>{link.id}</td>
                  <td>{time(link.createdAt)}</td>
                  <td>{link.createdBy ?? '—'}</td>
                  <td>{time(link.expiresAt)}</td>
                  <td>
                    <span class={`status status-preview-${status}`}>{t(STATUS_TEXT[status])}</span>
                    {link.revokedAt && (
                      <span class="hint">
                        {' '}
                        {link.revokedBy ? t('previews.revokedBy', { at: time(link.revokedAt), by: link.revokedBy }) : time(link.revokedAt)}
                      </span>
                    )}
                  </td>
                  <td class="row-actions">
                    {status === 'active' && (
                      <form method="post" action={`${base}/${link.id}/revoke`}>
                        <Csrf ctx={ctx} />
                        <button type="submit" class="danger">
                          {t('previews.revoke')}
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : (
        <p class="hint">{t('previews.none')}</p>
      )}
    </section>
  );
}
