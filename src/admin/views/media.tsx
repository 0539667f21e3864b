import type { MediaItem } from '../../media/model';
import { mediaUrl, originalUrl, variantFormats, variantWidths } from '../../media/model';
import { TEXT_LIMITS } from '../../media/library';
import type { PageContext } from '../context';
import { AdminLayout, Csrf, formatTime, Notice } from './layout';
import { TableHead } from '../../web/table-head';

const kb = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.round(bytes / 1024)} KB`);

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
  return (
    <form method="post" action="/admin/media" enctype="multipart/form-data" class="box stack upload-form" data-drop-zone="">
      <Csrf ctx={ctx} />
      <h2>Upload</h2>
      <label>
        Images (JPEG, PNG, WebP, AVIF, GIF or TIFF; several at once)
        <input type="file" name="file" multiple required accept="image/jpeg,image/png,image/webp,image/avif,image/gif,image/tiff" />
      </label>
      <p class="hint drop-hint" hidden>
        …or drop image files here.
      </p>
      <label>
        Alt text (for all of them; what the picture shows, for people who cannot see it)
        <input name="alt" maxLength={TEXT_LIMITS.alt} />
      </label>
      <label>
        Credit
        <input name="credit" maxLength={TEXT_LIMITS.credit} />
      </label>
      <label>
        Caption
        <textarea name="caption" rows={2} maxLength={TEXT_LIMITS.caption} />
      </label>
      <button type="submit">Upload</button>
    </form>
  );
}

export function MediaLibraryView(props: { ctx: PageContext; items: MediaItem[]; next: string | null; q: string; notice?: string | null; errors?: string[] }) {
  const { ctx, items, next, q } = props;
  return (
    <AdminLayout ctx={ctx} title="Media" section="media">
      <h1>Media library</h1>
      <Notice text={props.notice} />
      {(props.errors ?? []).map((e) => (
        <Notice key={e} text={e} kind="error" />
      ))}
      <UploadForm ctx={ctx} />
      <form method="get" action="/admin/media" class="filters" role="search">
        <label>
          Search alt text, caption, credit or file name
          <input type="search" name="q" value={q} maxLength={200} />
        </label>
        <button type="submit" class="secondary">
          Search
        </button>
      </form>
      {items.length === 0 ? (
        <p>{q ? `Nothing matches “${q}”.` : 'No images yet.'}</p>
      ) : (
        <table class="list">
          <TableHead columns={['', 'Alt text', 'Credit / caption', 'Size', 'Added', '']} />
          <tbody>
            {items.map((item) => (
              <tr key={item.id}>
                <td>
                  <Thumb item={item} />
                </td>
                <td>{item.alt || <em class="warning">no alt text yet</em>}</td>
                <td>
                  {item.credit}
                  {item.credit && item.caption ? ' — ' : ''}
                  {item.caption}
                </td>
                <td>
                  {item.width}×{item.height}, {kb(item.bytes)}
                </td>
                <td>
                  {formatTime(item.createdAt, ctx.zone)}
                  <br />
                  {item.originalName}
                </td>
                <td class="row-actions">
                  <a href={`/admin/media/${item.id}`}>Edit #{item.id}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next && (
        <nav class="pager" aria-label="Pages">
          <a href={`/admin/media?${new URLSearchParams(q ? { q, before: next } : { before: next }).toString()}`}>Older images</a>
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
  return (
    <AdminLayout ctx={ctx} title={`Image #${item.id}`} section="media">
      <p>
        <a href="/admin/media">← Media library</a>
      </p>
      <h1>Image #{item.id}</h1>
      <Notice text={props.notice} />
      <Notice text={props.error} kind="error" />
      <p>
        <img class="media-preview" src={mediaUrl(item, variantWidths(item.width).find((w) => w >= 640) ?? item.width, 'webp')} alt={item.alt} />
      </p>
      <p>
        {item.width}×{item.height} {item.format.toUpperCase()}, {kb(item.bytes)}, uploaded as {item.originalName} ({item.sourceFormat}) on {formatTime(item.createdAt, ctx.zone)}
        {item.createdBy ? ` by ${item.createdBy}` : ''}. Original: <a href={originalUrl(item)}>{`${props.siteUrl}${originalUrl(item)}`}</a>
      </p>
      <p class="hint">
        Copies: {variantWidths(item.width).join(', ')} pixels wide, in {variantFormats(item).join(', ')}.
      </p>
      <p>
        As an article's image: number <strong>{item.id}</strong> in the editor. In a campaign file (a nominee's <code>image</code>):{' '}
        <code class="media-reference">media:{item.key}</code>
      </p>
      {props.usedIn && props.usedIn.length > 0 ? (
        <>
          <h2>Used as the image of</h2>
          <ul>
            {props.usedIn.map((a) => (
              <li key={a.id}>
                <a href={`/admin/articles/${a.id}`}>{a.title}</a> ({a.status})
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p class="hint">No article uses it as its image yet.</p>
      )}
      <form method="post" action={`/admin/media/${item.id}`} class="stack narrow">
        <Csrf ctx={ctx} />
        <label>
          Alt text
          <input name="alt" value={item.alt} maxLength={TEXT_LIMITS.alt} />
        </label>
        <label>
          Credit
          <input name="credit" value={item.credit} maxLength={TEXT_LIMITS.credit} />
        </label>
        <label>
          Caption
          <textarea name="caption" rows={3} maxLength={TEXT_LIMITS.caption}>
            {item.caption}
          </textarea>
        </label>
        <button type="submit">Save</button>
      </form>
    </AdminLayout>
  );
}
