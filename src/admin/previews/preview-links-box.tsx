import type { EditorStatus } from '../../articles/editor-queries';
import { DEFAULT_PREVIEW_DAYS, PREVIEW_DAYS, previewLinkStatus, type PreviewLink } from '../../articles/previews/preview-links';
import { TableHead } from '../../web/table-head';
import type { PageContext } from '../context';
import { Csrf, formatTime, Notice } from '../views/layout';

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

const STATUS_TEXT = { active: 'Active', expired: 'Expired', revoked: 'Revoked' } as const;

/** The editor's box of an article's preview links: make one, see who made which, revoke. */
export function PreviewLinksBox(props: PreviewLinksBoxProps) {
  const { ctx, articleId, state, slug, links, now, created, notice, error } = props;
  const base = `/admin/articles/${articleId}/previews`;
  return (
    <section class="box preview-links" id="preview-links" aria-labelledby="preview-links-heading">
      <h2 id="preview-links-heading">Preview links</h2>
      <Notice text={notice} />
      <Notice text={error} kind="error" />
      {created && (
        <div class="notice notice-ok" role="status">
          <p>The preview link is made. Copy it now: it will not be shown again.</p>
          <label>
            Preview link
            <input readOnly value={created} size={40} autocomplete="off" spellcheck={false} class="mono" />
          </label>
        </div>
      )}
      {state === 'published' ? (
        <p class="hint">
          Readers see this article at <a href={`/news/${slug}`}>/news/{slug}</a>; its preview links now lead there.
        </p>
      ) : (
        <form method="post" action={base} class="stack">
          <Csrf ctx={ctx} />
          <p class="hint">Anyone with the link sees this {state === 'scheduled' ? 'scheduled article' : 'draft'} as readers will, marked “not published”, until it expires or is revoked.</p>
          <label>
            Valid for
            <select name="days">
              {PREVIEW_DAYS.map((d) => (
                <option key={d} value={String(d)} selected={d === DEFAULT_PREVIEW_DAYS}>
                  {d === 1 ? '1 day' : `${d} days`}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" class="secondary">
            Make a preview link
          </button>
        </form>
      )}
      {links.length > 0 ? (
        <table class="list">
          <TableHead columns={['#', 'Made', 'By', 'Expires', 'Status', '']} />
          <tbody>
            {links.map((link) => {
              const status = previewLinkStatus(link, now);
              return (
                <tr key={link.id}>
                  <td>{link.id}</td>
                  <td>{formatTime(link.createdAt, ctx.zone)}</td>
                  <td>{link.createdBy ?? '—'}</td>
                  <td>{formatTime(link.expiresAt, ctx.zone)}</td>
                  <td>
                    <span class={`status status-preview-${status}`}>{STATUS_TEXT[status]}</span>
                    {link.revokedAt && (
                      <span class="hint">
                        {' '}
                        {formatTime(link.revokedAt, ctx.zone)}
                        {link.revokedBy ? ` by ${link.revokedBy}` : ''}
                      </span>
                    )}
                  </td>
                  <td class="row-actions">
                    {status === 'active' && (
                      <form method="post" action={`${base}/${link.id}/revoke`}>
                        <Csrf ctx={ctx} />
                        <button type="submit" class="danger">
                          Revoke
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
        <p class="hint">No preview links yet.</p>
      )}
    </section>
  );
}
