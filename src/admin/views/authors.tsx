import { LINK_LIMITS } from '../../articles/authors/author-links';
import type { AuthorListItem } from '../../articles/authors/authors-repository';
import { AUTHOR_LIMITS } from '../../articles/authors/authors-service';
import type { MediaItem } from '../../media/model';
import { Picture } from '../../media/picture';
import { TableHead } from '../../web/table-head';
import type { PageContext } from '../context';
import { rich } from '../i18n/rich';
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
  const { t, tn, number } = ctx.i18n;
  return (
    <AdminLayout ctx={ctx} title={t('authors.title')} section="authors">
      <div class="title-row">
        <h1>{t('authors.title')}</h1>
        <a class="button" href="/admin/authors/new">
          {t('authors.new')}
        </a>
      </div>
      <p class="hint">{t('authors.list.hint', { count: tn('authors.count', total) })}</p>
      <Notice text={props.notice} />
      {items.length > 0 && (
        <table class="list">
          <TableHead columns={[t('authors.col.name'), t('authors.col.address'), t('authors.col.articles'), '']} />
          <tbody>
            {items.map((a) => (
              <tr key={a.id}>
                <td>
                  <a href={`/admin/authors/${a.id}`}>{a.name}</a>
                </td>
                <td>
                  <code>{a.slug}</code>
                </td>
                <td>{number(a.articles)}</td>
                <td>
                  <a href={`/author/${a.slug}`}>{t('authors.publicPage')}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pages > 1 && (
        <nav class="pager" aria-label={t('authors.pager.label')}>
          {page > 1 && <a href={`/admin/authors?page=${page - 1}`}>{t('authors.pager.previous')}</a>} <span>{t('authors.pager.page', { page: number(page), pages: number(pages) })}</span>{' '}
          {page < pages && <a href={`/admin/authors?page=${page + 1}`}>{t('authors.pager.next')}</a>}
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
  const { t, tn } = ctx.i18n;
  const action = author ? `/admin/authors/${author.id}` : '/admin/authors';
  const fieldError = (name: string) => (error && error.field === name ? error.message : null);
  const invalid = (name: string) => (fieldError(name) ? { 'aria-invalid': true, 'aria-describedby': `${name}-error` } : {});
  const rows = Array.from({ length: LINK_LIMITS.rows }, (_, i) => form.links[i] ?? { label: '', url: '' });
  return (
    <AdminLayout ctx={ctx} title={author ? t('authors.edit.title', { name: author.name }) : t('authors.new')} section="authors">
      <h1>{author ? author.name : t('authors.new')}</h1>
      <p>
        <a href="/admin/authors">{t('authors.all')}</a>
        {author && (
          <>
            {' · '}
            <a href={`/author/${author.slug}`}>{t('authors.publicPage')}</a> · {tn('authors.namedOn', props.articles)}
          </>
        )}
      </p>
      <Notice text={props.notice} />
      <Notice text={error && !error.field ? error.message : error ? t('authors.fieldNeedsAttention') : null} kind="error" />
      <form method="post" action={action} class="stack narrow" novalidate>
        <Csrf ctx={ctx} />
        <label>
          {t('authors.col.name')} <span class="hint">{t('authors.name.hint')}</span>
          <input name="name" value={form.name} required maxLength={AUTHOR_LIMITS.name} {...invalid('name')} />
          <FieldError id="name" message={fieldError('name')} />
        </label>
        <label>
          {t('authors.field.slug')}{' '}
          <span class="hint">
            {author ? rich(t('authors.slug.now'), { link: <a href={`/author/${author.slug}`}>/author/{author.slug}</a> }) : t('authors.slug.new')}
          </span>
          <input name="slug" value={form.slug} maxLength={AUTHOR_LIMITS.slug} pattern="[a-z0-9]+(-[a-z0-9]+)*" {...invalid('slug')} />
          <FieldError id="slug" message={fieldError('slug')} />
        </label>
        <label>
          {t('authors.field.bio')} <span class="hint">{t('authors.bio.hint')}</span>
          <textarea name="bio" rows={6} maxLength={AUTHOR_LIMITS.bio} value={form.bio} {...invalid('bio')} />
          <FieldError id="bio" message={fieldError('bio')} />
        </label>
        <label>
          {t('authors.field.photo')} <span class="hint">{rich(t('authors.photo.hint'), { library: <a href="/admin/media">{t('authors.photo.library')}</a> })}</span>
          <input name="photo" value={form.photo} list="recent-media" maxLength={AUTHOR_LIMITS.photo} {...invalid('photo')} />
          <datalist id="recent-media">
            {props.recentMedia.map((m) => (
              <option key={m.id} value={String(m.id)}>
                {t('authors.photo.option', { id: m.id, label: m.alt || m.originalName })}
              </option>
            ))}
          </datalist>
          <FieldError id="photo" message={fieldError('photo')} />
        </label>
        {props.photoItem && (
          <div class="hero-preview">
            <Picture image={props.photoItem} sizes="12rem" alt={props.photoItem.alt || form.name} />
            <p class="hint">
              <a href={`/admin/media/${props.photoItem.id}`}>{t('authors.photo.image', { id: props.photoItem.id })}</a> ({props.photoItem.width}×{props.photoItem.height})
            </p>
          </div>
        )}
        <fieldset>
          <legend>{t('authors.links')}</legend>
          <p class="hint">{t('authors.links.hint')}</p>
          {rows.map((row, i) => {
            const n = i + 1;
            return (
              <div class="row" key={n}>
                <label>
                  {t('authors.link.label', { n })}
                  <input name={`link${n}Label`} value={row.label} maxLength={LINK_LIMITS.label} {...invalid(`link${n}Label`)} />
                  <FieldError id={`link${n}Label`} message={fieldError(`link${n}Label`)} />
                </label>
                <label>
                  {t('authors.link.url', { n })}
                  <input name={`link${n}Url`} type="url" value={row.url} maxLength={LINK_LIMITS.url} placeholder="https://" {...invalid(`link${n}Url`)} />
                  <FieldError id={`link${n}Url`} message={fieldError(`link${n}Url`)} />
                </label>
              </div>
            );
          })}
        </fieldset>
        <button type="submit">{t(author ? 'authors.save' : 'authors.add')}</button>
      </form>
      {author && <AuthorActions {...props} author={author} />}
    </AdminLayout>
  );
}

function AuthorActions(props: AuthorEditProps & { author: { id: number; slug: string; name: string } }) {
  const { ctx, author, actionError } = props;
  const { t } = ctx.i18n;
  return (
    <>
      <section class="box narrow" aria-labelledby="merge-heading">
        <h2 id="merge-heading">{t('authors.merge.heading')}</h2>
        <p class="hint">{t('authors.merge.hint', { slug: author.slug })}</p>
        <Notice text={actionError?.form === 'merge' ? actionError.message : null} kind="error" />
        <form method="post" action={`/admin/authors/${author.id}/merge`} class="stack">
          <Csrf ctx={ctx} />
          <label>
            {t('authors.merge.into')}
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
            {t('authors.merge.submit')}
          </button>
        </form>
      </section>
      <section class="box narrow" aria-labelledby="delete-heading">
        <h2 id="delete-heading">{t('authors.delete.heading')}</h2>
        <Notice text={actionError?.form === 'delete' ? actionError.message : null} kind="error" />
        {props.articles > 0 ? (
          <p class="hint">{t('authors.delete.inUse')}</p>
        ) : (
          <form method="post" action={`/admin/authors/${author.id}/delete`}>
            <Csrf ctx={ctx} />
            <p class="hint">{t('authors.delete.hint')}</p>
            <button type="submit" class="danger">
              {t('authors.delete.submit', { name: author.name })}
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
