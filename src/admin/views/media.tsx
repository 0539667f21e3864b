import type { MediaItem } from '../../media/model';
import { mediaUrl, originalUrl, variantFormats, variantWidths } from '../../media/model';
import { TEXT_LIMITS } from '../../media/library';
import type { PageContext } from '../context';
import type { AdminI18n } from '../i18n';
import { rich } from '../i18n/rich';
import { AdminLayout, Csrf, Notice } from './layout';
import { TableHead } from '../../web/table-head';

const kb = (i18n: AdminI18n, bytes: number) =>
  bytes >= 1024 * 1024 ? i18n.t('media.size.mb', { n: i18n.number(Math.round(bytes / 1024 / 102.4) / 10) }) : i18n.t('media.size.kb', { n: i18n.number(Math.round(bytes / 1024)) });

function Thumb({ item }: { item: MediaItem }) {
  const width = variantWidths(item.width)[0]!;
  return <img class="media-thumb" src={mediaUrl(item, width, 'webp')} width={width} height={Math.round((item.height * width) / item.width)} alt={item.alt} loading="lazy" />;
}

/**
 * The upload form works as a plain form (a file picker, several files at once); with JavaScript
 * a file dropped anywhere on the zone fills the picker and sends the form (admin/media-drop.js).
 * The CSRF token comes first: the server checks it before reading any file.
 */
function UploadForm({ ctx }: { ctx: PageContext }) {
  const { t } = ctx.i18n;
  return (
    <form method="post" action="/admin/media" enctype="multipart/form-data" class="box stack upload-form" data-drop-zone="">
      <Csrf ctx={ctx} />
      <h2>{t('media.upload.heading')}</h2>
      <label>
        {t('media.upload.files')}
        <input type="file" name="file" multiple required accept="image/jpeg,image/png,image/webp,image/avif,image/gif,image/tiff" />
      </label>
      <p class="hint drop-hint" hidden>
        {t('media.upload.drop')}
      </p>
      <label>
        {t('media.upload.alt')}
        <input name="alt" maxLength={TEXT_LIMITS.alt} />
      </label>
      <label>
        {t('media.field.credit')}
        <input name="credit" maxLength={TEXT_LIMITS.credit} />
      </label>
      <label>
        {t('media.field.caption')}
        <textarea name="caption" rows={2} maxLength={TEXT_LIMITS.caption} />
      </label>
      <button type="submit">{t('media.upload.submit')}</button>
    </form>
  );
}

export function MediaLibraryView(props: { ctx: PageContext; items: MediaItem[]; next: string | null; q: string; notice?: string | null; errors?: string[] }) {
  const { ctx, items, next, q } = props;
  const { t, time } = ctx.i18n;
  return (
    <AdminLayout ctx={ctx} title={t('media.title')} section="media">
      <h1>{t('media.heading')}</h1>
      <Notice text={props.notice} />
      {(props.errors ?? []).map((e) => (
        <Notice key={e} text={e} kind="error" />
      ))}
      <UploadForm ctx={ctx} />
      <form method="get" action="/admin/media" class="filters" role="search">
        <label>
          {t('media.search')}
          <input type="search" name="q" value={q} maxLength={200} />
        </label>
        <button type="submit" class="secondary">
          {t('media.searchButton')}
        </button>
      </form>
      {items.length === 0 ? (
        <p>{q ? t('media.nothing', { q }) : t('media.empty')}</p>
      ) : (
        <table class="list">
          <TableHead columns={['', t('media.field.alt'), t('media.col.creditCaption'), t('media.col.size'), t('media.col.added'), '']} />
          <tbody>
            {items.map((item) => (
              <tr key={item.id}>
                <td>
                  <Thumb item={item} />
                </td>
                <td>{item.alt || <em class="warning">{t('media.noAlt')}</em>}</td>
                <td>
                  {item.credit}
                  {item.credit && item.caption ? ' — ' : ''}
                  {item.caption}
                </td>
                <td>
                  {item.width}×{item.height}, {kb(ctx.i18n, item.bytes)}
                </td>
                <td>
                  {time(item.createdAt)}
                  <br />
                  {item.originalName}
                </td>
                <td class="row-actions">
                  <a href={`/admin/media/${item.id}`}>{t('media.edit', { id: item.id })}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next && (
        <nav class="pager" aria-label={t('media.pager.label')}>
          <a href={`/admin/media?${new URLSearchParams(q ? { q, before: next } : { before: next }).toString()}`}>{t('media.older')}</a>
        </nav>
      )}
    </AdminLayout>
  );
}

/** An article that shows an image as its hero, for the image's page. */
export interface MediaUse {
  id: number;
  title: string;
  status: 'draft' | 'published';
}

export function MediaEditView(props: { ctx: PageContext; item: MediaItem; notice?: string | null; error?: string | null; siteUrl: string; usedIn?: MediaUse[] }) {
  const { ctx, item } = props;
  const { t, time } = ctx.i18n;
  const title = t('media.image.title', { id: item.id });
  const facts = { width: item.width, height: item.height, format: item.format.toUpperCase(), size: kb(ctx.i18n, item.bytes), name: item.originalName, source: item.sourceFormat, at: time(item.createdAt) };
  return (
    <AdminLayout ctx={ctx} title={title} section="media">
      <p>
        <a href="/admin/media">{t('media.back')}</a>
      </p>
      <h1>{title}</h1>
      <Notice text={props.notice} />
      <Notice text={props.error} kind="error" />
      <p>
        <img class="media-preview" src={mediaUrl(item, variantWidths(item.width).find((w) => w >= 640) ?? item.width, 'webp')} alt={item.alt} />
      </p>
      <p>
        {rich(item.createdBy ? t('media.image.uploadedBy', { ...facts, by: item.createdBy }) : t('media.image.uploaded', facts), {
          link: <a href={originalUrl(item)}>{`${props.siteUrl}${originalUrl(item)}`}</a>,
        })}
      </p>
      <p class="hint">{t('media.image.copies', { widths: variantWidths(item.width).join(', '), formats: variantFormats(item).join(', ') })}</p>
      <p>
        {rich(t('media.image.refer'), {
          id: <strong>{item.id}</strong>,
          field: <code>image</code>,
          reference: <code class="media-reference">media:{item.key}</code>,
        })}
      </p>
      {props.usedIn && props.usedIn.length > 0 ? (
        <>
          <h2>{t('media.image.usedIn')}</h2>
          <ul>
            {props.usedIn.map((a) => (
              <li key={a.id}>
                <a href={`/admin/articles/${a.id}`}>{a.title}</a> ({t(a.status === 'published' ? 'media.status.published' : 'media.status.draft')})
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p class="hint">{t('media.image.unused')}</p>
      )}
      <form method="post" action={`/admin/media/${item.id}`} class="stack narrow">
        <Csrf ctx={ctx} />
        <label>
          {t('media.field.alt')}
          <input name="alt" value={item.alt} maxLength={TEXT_LIMITS.alt} />
        </label>
        <label>
          {t('media.field.credit')}
          <input name="credit" value={item.credit} maxLength={TEXT_LIMITS.credit} />
        </label>
        <label>
          {t('media.field.caption')}
          <textarea name="caption" rows={3} maxLength={TEXT_LIMITS.caption}>
            {item.caption}
          </textarea>
        </label>
        <button type="submit">{t('media.save')}</button>
      </form>
    </AdminLayout>
  );
}
