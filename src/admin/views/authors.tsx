import { LINK_LIMITS } from '../../articles/authors/author-links';
import type { AuthorListItem } from '../../articles/authors/authors-repository';
import { AUTHOR_LIMITS } from '../../articles/authors/authors-service';
import type { MediaItem } from '../../media/model';
import { Picture } from '../../media/picture';
import { TableHead } from '../../web/table-head';
import type { PageContext } from '../context';
import { AdminLayout, Csrf, Notice } from './layout';

/** What the author form holds, as typed: shown back unchanged when something is refused. */
export interface AuthorForm {
  name: string;
  slug: string;
  bio: string;
  photo: string;
  links: Array<{ label: string; url: string }>;
}

export const emptyAuthorForm = (): AuthorForm => ({ name: '', slug: '', bio: '', photo: '', links: [] });

export function AuthorListView(props: { ctx: PageContext; items: AuthorListItem[]; total: number; page: number; pages: number; notice?: string | null }) {
  const { ctx, items, total, page, pages } = props;
  return (
    <AdminLayout ctx={ctx} title="Authors" section="authors">
      <div class="title-row">
        <h1>Authors</h1>
        <a class="button" href="/admin/authors/new">
          New author
        </a>
      </div>
      <p class="hint">
        The people in bylines. Saving an article finds each name of its byline here (or adds the person); edit a bio, photo and links here. {total === 1 ? '1 author' : `${total} authors`}.
      </p>
      <Notice text={props.notice} />
      {items.length > 0 && (
        <table class="list">
          <TableHead columns={['Name', 'Address', 'Articles', '']} />
          <tbody>
            {items.map((a) => (
              <tr key={a.id}>
                <td>
                  <a href={`/admin/authors/${a.id}`}>{a.name}</a>
                </td>
                <td>
                  <code>{a.slug}</code>
                </td>
                <td>{a.articles}</td>
                <td>
                  <a href={`/author/${a.slug}`}>Public page</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pages > 1 && (
        <nav class="pager" aria-label="Pages">
          {page > 1 && <a href={`/admin/authors?page=${page - 1}`}>Previous page</a>} <span>
            Page {page} of {pages}
          </span>{' '}
          {page < pages && <a href={`/admin/authors?page=${page + 1}`}>Next page</a>}
        </nav>
      )}
    </AdminLayout>
  );
}

export interface AuthorEditProps {
  ctx: PageContext;
  /** The stored author; null on the "new author" page. */
  author: { id: number; slug: string; name: string } | null;
  form: AuthorForm;
  /** Articles naming the author (any status). */
  articles: number;
  /** The library image the photo field points at, shown beside it. */
  photoItem: MediaItem | null;
  /** The newest library images, offered as the photo field's suggestions. */
  recentMedia: MediaItem[];
  /** Other authors, offered as the merge field's suggestions. */
  others: Array<{ slug: string; name: string }>;
  notice?: string | null;
  /** A refusal of the form, and the field it names (shown beside that field). */
  error?: { message: string; field: string | null } | null;
  /** A refusal of the delete or merge form. */
  actionError?: { form: 'delete' | 'merge'; message: string } | null;
  into?: string;
}

export function AuthorEditView(props: AuthorEditProps) {
  const { ctx, author, form, error } = props;
  const action = author ? `/admin/authors/${author.id}` : '/admin/authors';
  const fieldError = (name: string) => (error && error.field === name ? error.message : null);
  const invalid = (name: string) => (fieldError(name) ? { 'aria-invalid': true, 'aria-describedby': `${name}-error` } : {});
  const rows = Array.from({ length: LINK_LIMITS.rows }, (_, i) => form.links[i] ?? { label: '', url: '' });
  return (
    <AdminLayout ctx={ctx} title={author ? `Author: ${author.name}` : 'New author'} section="authors">
      <h1>{author ? author.name : 'New author'}</h1>
      <p>
        <a href="/admin/authors">All authors</a>
        {author && (
          <>
            {' · '}
            <a href={`/author/${author.slug}`}>Public page</a> · named on {props.articles === 1 ? '1 article' : `${props.articles} articles`}
          </>
        )}
      </p>
      <Notice text={props.notice} />
      <Notice text={error && !error.field ? error.message : error ? 'A field needs attention: see the message beside it.' : null} kind="error" />
      <form method="post" action={action} class="stack narrow" novalidate>
        <Csrf ctx={ctx} />
        <label>
          Name <span class="hint">— as editors type it in bylines; commas, “&amp;” and “and” separate people there, so a name has none</span>
          <input name="name" value={form.name} required maxLength={AUTHOR_LIMITS.name} {...invalid('name')} />
          <FieldError id="name" message={fieldError('name')} />
        </label>
        <label>
          Address (slug){' '}
          <span class="hint">
            {author ? (
              <>
                — now <a href={`/author/${author.slug}`}>/author/{author.slug}</a>; if you change it, the old address keeps working (a redirect is kept)
              </>
            ) : (
              '— leave empty to make it from the name'
            )}
          </span>
          <input name="slug" value={form.slug} maxLength={AUTHOR_LIMITS.slug} pattern="[a-z0-9]+(-[a-z0-9]+)*" {...invalid('slug')} />
          <FieldError id="slug" message={fieldError('slug')} />
        </label>
        <label>
          Bio <span class="hint">— plain text; a blank line starts a new paragraph</span>
          <textarea name="bio" rows={6} maxLength={AUTHOR_LIMITS.bio} value={form.bio} {...invalid('bio')} />
          <FieldError id="bio" message={fieldError('bio')} />
        </label>
        <label>
          Photo <span class="hint">— the number of a media library image, e.g. 12 (shown as #12 in the <a href="/admin/media">media library</a>), or its key; empty for none</span>
          <input name="photo" value={form.photo} list="recent-media" maxLength={AUTHOR_LIMITS.photo} {...invalid('photo')} />
          <datalist id="recent-media">
            {props.recentMedia.map((m) => (
              <option key={m.id} value={String(m.id)}>
                {`#${m.id} ${m.alt || m.originalName}`}
              </option>
            ))}
          </datalist>
          <FieldError id="photo" message={fieldError('photo')} />
        </label>
        {props.photoItem && (
          <div class="hero-preview">
            <Picture image={props.photoItem} sizes="12rem" alt={props.photoItem.alt || form.name} />
            <p class="hint">
              <a href={`/admin/media/${props.photoItem.id}`}>Image #{props.photoItem.id}</a> ({props.photoItem.width}×{props.photoItem.height})
            </p>
          </div>
        )}
        <fieldset>
          <legend>Links</legend>
          <p class="hint">Their own site or profiles: a label and a full https:// address per row; an empty row is left out, an empty label becomes the site’s name.</p>
          {rows.map((row, i) => {
            const n = i + 1;
            return (
              <div class="row" key={n}>
                <label>
                  Label {n}
                  <input name={`link${n}Label`} value={row.label} maxLength={LINK_LIMITS.label} {...invalid(`link${n}Label`)} />
                  <FieldError id={`link${n}Label`} message={fieldError(`link${n}Label`)} />
                </label>
                <label>
                  Address {n}
                  <input name={`link${n}Url`} type="url" value={row.url} maxLength={LINK_LIMITS.url} placeholder="https://" {...invalid(`link${n}Url`)} />
                  <FieldError id={`link${n}Url`} message={fieldError(`link${n}Url`)} />
                </label>
              </div>
            );
          })}
        </fieldset>
        <button type="submit">{author ? 'Save' : 'Add author'}</button>
      </form>
      {author && <AuthorActions {...props} author={author} />}
    </AdminLayout>
  );
}

function AuthorActions(props: AuthorEditProps & { author: { id: number; slug: string; name: string } }) {
  const { ctx, author, actionError } = props;
  return (
    <>
      <section class="box narrow" aria-labelledby="merge-heading">
        <h2 id="merge-heading">Merge into another author</h2>
        <p class="hint">
          For one person under two entries: their articles go to the other author (bylines are respelt with that name), this entry is deleted with its bio, photo and links, and /author/{author.slug} redirects to the other’s page.
        </p>
        <Notice text={actionError?.form === 'merge' ? actionError.message : null} kind="error" />
        <form method="post" action={`/admin/authors/${author.id}/merge`} class="stack">
          <Csrf ctx={ctx} />
          <label>
            The other author’s address (slug)
            <input name="into" required maxLength={AUTHOR_LIMITS.slug} list="other-authors" value={props.into ?? ''} {...(actionError?.form === 'merge' ? { 'aria-invalid': true } : {})} />
            <datalist id="other-authors">
              {props.others
                .filter((o) => o.slug !== author.slug)
                .map((o) => (
                  <option key={o.slug} value={o.slug}>
                    {o.name}
                  </option>
                ))}
            </datalist>
          </label>
          <button type="submit" class="danger">
            Merge
          </button>
        </form>
      </section>
      <section class="box narrow" aria-labelledby="delete-heading">
        <h2 id="delete-heading">Delete</h2>
        <Notice text={actionError?.form === 'delete' ? actionError.message : null} kind="error" />
        {props.articles > 0 ? (
          <p class="hint">Articles name this author, so they cannot be deleted: merge them into another author instead.</p>
        ) : (
          <form method="post" action={`/admin/authors/${author.id}/delete`}>
            <Csrf ctx={ctx} />
            <p class="hint">No article names this author. Their page goes; a byline that names them later adds them again.</p>
            <button type="submit" class="danger">
              Delete {author.name}
            </button>
          </form>
        )}
      </section>
    </>
  );
}

function FieldError({ id, message }: { id: string; message: string | null }) {
  return message ? (
    <span class="field-error" id={`${id}-error`}>
      {message}
    </span>
  ) : null;
}
