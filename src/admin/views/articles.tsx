import type { EditorListItem, EditorStatus } from '../../articles/editor-queries';
import type { Article, Named, StoredSummary } from '../../articles/model';
import type { ArticleForm, FieldErrors, FieldName } from '../article-form';
import { LIMITS } from '../article-form';
import type { PageContext } from '../context';
import { AdminLayout, Csrf, formatTime, Notice } from './layout';
import { TableHead } from '../../web/table-head';
import type { MediaItem } from '../../media/model';
import { Picture } from '../../media/picture';

export interface ListFilters {
  q: string;
  status: EditorStatus | '';
  rubric: string;
}

/** What the library takes (it checks the bytes, not this list: this only narrows the picker). */
const IMAGE_TYPES = 'image/jpeg,image/png,image/webp,image/avif,image/gif,image/tiff';

const STATUS_LABEL: Record<EditorStatus, string> = { draft: 'Draft', published: 'Published', scheduled: 'Scheduled' };

export function ArticleListView(props: {
  ctx: PageContext;
  items: EditorListItem[];
  total: number;
  page: number;
  pages: number;
  filters: ListFilters;
  rubrics: Named[];
}) {
  const { ctx, items, total, page, pages, filters, rubrics } = props;
  const query = (p: number) => {
    const params = new URLSearchParams();
    if (filters.q) params.set('q', filters.q);
    if (filters.status) params.set('status', filters.status);
    if (filters.rubric) params.set('rubric', filters.rubric);
    params.set('page', String(p));
    return `/admin/articles?${params.toString()}`;
  };
  return (
    <AdminLayout ctx={ctx} title="Articles" section="articles">
      <div class="title-row">
        <h1>Articles</h1>
        <a class="button" href="/admin/articles/new">
          New article
        </a>
      </div>
      <form method="get" action="/admin/articles" class="filters" role="search">
        <label>
          Title contains
          <input type="search" name="q" value={filters.q} maxLength={200} />
        </label>
        <label>
          Status
          <select name="status">
            <option value="">Any</option>
            {(['draft', 'published', 'scheduled'] as const).map((s) => (
              <option key={s} value={s} selected={filters.status === s}>
                {STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Rubric
          <select name="rubric">
            <option value="">Any</option>
            {rubrics.map((r) => (
              <option key={r.slug} value={r.slug} selected={filters.rubric === r.slug}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Filter</button>
      </form>
      <p class="count">{total === 1 ? '1 article' : `${total} articles`}</p>
      {items.length > 0 && (
        <table class="list">
          <TableHead columns={['Title', 'Status', 'Rubric', 'Publication', 'Changed']} />
          <tbody>
            {items.map((a) => (
              <tr key={a.id}>
                <td>
                  <a href={`/admin/articles/${a.id}`}>{a.title}</a>
                </td>
                <td>
                  <span class={`status status-${a.status}`}>{STATUS_LABEL[a.status]}</span>
                </td>
                <td>{a.rubric ?? '—'}</td>
                <td>{formatTime(a.publishedAt, ctx.zone)}</td>
                <td>{formatTime(a.updatedAt, ctx.zone)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pages > 1 && (
        <nav class="pager" aria-label="Pages">
          {page > 1 && <a href={query(page - 1)}>Previous page</a>} <span>
            Page {page} of {pages}
          </span>{' '}
          {page < pages && <a href={query(page + 1)}>Next page</a>}
        </nav>
      )}
    </AdminLayout>
  );
}

export interface Preview {
  bodyHtml: string;
  summary: StoredSummary;
}

function FieldError({ errors, name }: { errors: FieldErrors; name: FieldName }) {
  const message = errors[name];
  return message ? (
    <span class="field-error" id={`${name}-error`}>
      {message}
    </span>
  ) : null;
}

const described = (errors: FieldErrors, name: FieldName) => (errors[name] ? { 'aria-invalid': true, 'aria-describedby': `${name}-error` } : {});

export function articleState(article: Pick<Article, 'status' | 'publishedAt'>, now: Date): EditorStatus {
  if (article.status === 'draft') return 'draft';
  return article.publishedAt > now.toISOString() ? 'scheduled' : 'published';
}

export function ArticleEditView(props: {
  ctx: PageContext;
  article: Article | null;
  form: ArticleForm;
  errors: FieldErrors;
  rubrics: Named[];
  now: Date;
  preview?: Preview | null;
  notice?: string | null;
  error?: string | null;
  /** The library image the form's number points at, shown beside the field. */
  heroItem?: MediaItem | null;
  /** The newest library images, offered as the number field's suggestions. */
  recentMedia?: MediaItem[];
  /** Known authors' names, offered as the byline's suggestions. */
  authorNames?: string[];
  /** The article's preview links (admin/previews/), beside its status. */
  previewLinks?: import('preact').ComponentChildren;
}) {
  const { ctx, article, form, errors, rubrics, preview, notice, error, now } = props;
  const action = article ? `/admin/articles/${article.id}` : '/admin/articles';
  const state = article ? articleState(article, now) : null;
  return (
    <AdminLayout ctx={ctx} title={article ? `Edit: ${article.title}` : 'New article'} section="articles" dropZone>
      <h1>{article ? `Edit article` : 'New article'}</h1>
      <Notice text={notice} />
      <Notice text={error ?? (Object.keys(errors).length > 0 ? 'Some fields need attention: see the messages beside them.' : null)} kind="error" />
      <div class="editor">
        {/* Multipart for the image box's file picker; the CSRF token stays the first field, checked before the file is read. */}
        <form method="post" action={action} enctype="multipart/form-data" class="stack editor-form" novalidate>
          <Csrf ctx={ctx} />
          <input type="hidden" name="revision" value={form.revision} />
          <label>
            Title
            <input name="title" value={form.title} required maxLength={LIMITS.title} {...described(errors, 'title')} />
            <FieldError errors={errors} name="title" />
          </label>
          <label>
            Address (slug){' '}
            <span class="hint">
              {article ? (
                <>
                  — now <a href={`/news/${article.slug}`}>/news/{article.slug}</a>; if you change it, links to the old address keep working (a redirect is kept)
                </>
              ) : (
                '— leave empty to make it from the title'
              )}
            </span>
            <input name="slug" value={form.slug} maxLength={LIMITS.slug} pattern="[a-z0-9]+(-[a-z0-9]+)*" {...described(errors, 'slug')} />
            <FieldError errors={errors} name="slug" />
          </label>
          <label>
            Standfirst
            <textarea name="standfirst" rows={2} maxLength={LIMITS.standfirst} value={form.standfirst} {...described(errors, 'standfirst')} />
            <FieldError errors={errors} name="standfirst" />
          </label>
          <label>
            Body (Markdown)
            <textarea name="bodyMd" rows={18} class="mono" value={form.bodyMd} {...described(errors, 'bodyMd')} />
            <FieldError errors={errors} name="bodyMd" />
          </label>
          <div class="row">
            <label>
              Authors <span class="hint">— separate several authors with commas; pick known people from the list</span>
              <input name="author" value={form.author} list="author-list" maxLength={LIMITS.author} {...described(errors, 'author')} />
              <datalist id="author-list">
                {(props.authorNames ?? []).map((name) => (
                  <option key={name} value={name} />
                ))}
              </datalist>
              <FieldError errors={errors} name="author" />
            </label>
            <label>
              Rubric
              <input name="rubric" value={form.rubric} list="rubric-list" maxLength={LIMITS.rubric} {...described(errors, 'rubric')} />
              <datalist id="rubric-list">
                {rubrics.map((r) => (
                  <option key={r.slug} value={r.slug}>
                    {r.name}
                  </option>
                ))}
              </datalist>
              <FieldError errors={errors} name="rubric" />
            </label>
          </div>
          <label>
            Tags <span class="hint">— separated by commas</span>
            <input name="tags" value={form.tags} {...described(errors, 'tags')} />
            <FieldError errors={errors} name="tags" />
          </label>
          {/* With JavaScript a file dropped on the box fills its picker (admin/media-drop.js); it is sent with the form like a picked one. */}
          <fieldset class="hero-field" data-drop-zone="pick">
            <legend>Image</legend>
            <label>
              Upload a new image <span class="hint">— JPEG, PNG, WebP, AVIF, GIF or TIFF; it joins the media library and becomes this article’s image when the form is sent</span>
              <input type="file" name="heroFile" accept={IMAGE_TYPES} {...described(errors, 'heroFile')} />
              <FieldError errors={errors} name="heroFile" />
            </label>
            <p class="hint drop-hint" hidden>
              …or drop an image file on this box.
            </p>
            <p class="hint drop-file" aria-live="polite" hidden />
            <label>
              …or the number of a media library image <span class="hint">— e.g. 12 (shown as #12 in the <a href="/admin/media" target="_blank">media library</a>)</span>
              <input name="heroMedia" value={form.heroMedia} list="recent-media" inputMode="numeric" maxLength={12} {...described(errors, 'heroMedia')} />
              <datalist id="recent-media">
                {(props.recentMedia ?? []).map((m) => (
                  <option key={m.id} value={String(m.id)}>
                    {`#${m.id} ${m.alt || m.originalName}`}
                  </option>
                ))}
              </datalist>
              <FieldError errors={errors} name="heroMedia" />
            </label>
            {props.heroItem && <HeroItemPreview item={props.heroItem} />}
            <label>
              …or an address (https://… or /static/…), for an image from elsewhere
              <input name="heroUrl" value={form.heroUrl} maxLength={LIMITS.heroUrl} {...described(errors, 'heroUrl')} />
              <FieldError errors={errors} name="heroUrl" />
            </label>
            <label>
              Alt text <span class="hint">— for a library image, empty means the library's alt text; required before publishing</span>
              <input name="heroAlt" value={form.heroAlt} maxLength={LIMITS.heroAlt} {...described(errors, 'heroAlt')} />
              <FieldError errors={errors} name="heroAlt" />
            </label>
            <label>
              Credit <span class="hint">— for a library image, empty means the library's credit</span>
              <input name="heroCredit" value={form.heroCredit} maxLength={LIMITS.heroCredit} {...described(errors, 'heroCredit')} />
              <FieldError errors={errors} name="heroCredit" />
            </label>
          </fieldset>
          <label>
            Publication time ({ctx.zone}) <span class="hint">— for Schedule; empty means now</span>
            <input type="datetime-local" name="publishAt" value={form.publishAt} {...described(errors, 'publishAt')} />
            <FieldError errors={errors} name="publishAt" />
          </label>
          <div class="actions">
            <button type="submit" name="action" value="preview" class="secondary">
              Preview
            </button>
            <button type="submit" name="action" value="save">
              {article ? (state === 'draft' ? 'Save draft' : 'Save changes') : 'Save draft'}
            </button>
            {state !== 'published' && (
              <button type="submit" name="action" value="publish">
                Publish now
              </button>
            )}
            <button type="submit" name="action" value="schedule">
              Schedule
            </button>
          </div>
        </form>
        <aside class="editor-side">
          {article && state && <ArticleStatus ctx={ctx} article={article} state={state} />}
          {article && <SummaryBox ctx={ctx} article={article} />}
          {article && props.previewLinks}
        </aside>
      </div>
      {preview && (
        <section class="preview" aria-labelledby="preview-heading">
          <h2 id="preview-heading">Preview</h2>
          <article class="article-preview">
            <h1>{form.title}</h1>
            {form.standfirst && <p class="standfirst">{form.standfirst}</p>}
            {/* Markdown rendered without raw HTML and passed through the sanitizer's allowlist. */}
            <div class="article-body" dangerouslySetInnerHTML={{ __html: preview.bodyHtml }} />
          </article>
          <h3>Summary as it will be computed</h3>
          <SummaryPoints summary={preview.summary} />
        </section>
      )}
    </AdminLayout>
  );
}

function HeroItemPreview({ item }: { item: MediaItem }) {
  return (
    <div class="hero-preview">
      <Picture image={item} sizes="12rem" alt={item.alt} />
      <p class="hint">
        <a href={`/admin/media/${item.id}`}>Image #{item.id}</a> ({item.width}×{item.height}):{' '}
        {item.alt ? `alt text “${item.alt}”` : <strong class="warning">no alt text in the library: write one here or there before publishing</strong>}
        {item.credit ? `, credit ${item.credit}` : ''}
      </p>
    </div>
  );
}

function ArticleStatus({ ctx, article, state }: { ctx: PageContext; article: Article; state: EditorStatus }) {
  return (
    <section class="box">
      <h2>Status</h2>
      <p>
        <span class={`status status-${state}`}>{STATUS_LABEL[state]}</span>
        {state !== 'draft' && <> {state === 'scheduled' ? 'for' : 'since'} {formatTime(article.publishedAt, ctx.zone)}</>}
      </p>
      <p>
        Revision {article.revision}, changed {formatTime(article.updatedAt, ctx.zone)}.{' '}
        <a href={`/admin/articles/${article.id}/revisions`}>History</a>
      </p>
      {state !== 'draft' && (
        <form method="post" action={`/admin/articles/${article.id}/unpublish`}>
          <Csrf ctx={ctx} />
          <input type="hidden" name="revision" value={String(article.revision)} />
          <button type="submit" class="danger">
            Unpublish (back to draft)
          </button>
        </form>
      )}
    </section>
  );
}

export function SummaryPoints({ summary }: { summary: StoredSummary | null }) {
  if (!summary || summary.points.length === 0) return <p>No key points: the text is too short to summarize.</p>;
  return (
    <ol class="summary-points">
      {summary.points.map((p) => (
        <li key={p.sentence}>{p.text}</li>
      ))}
    </ol>
  );
}

function SummaryBox({ ctx, article }: { ctx: PageContext; article: Article }) {
  return (
    <section class="box summary-box">
      <h2>Summary</h2>
      <p class="summary-kind">{article.summaryEdited ? 'Chosen by an editor' : 'Computed by the summarizer'}</p>
      <SummaryPoints summary={article.summary} />
      <p>
        <a href={`/admin/articles/${article.id}/summary`}>Choose the key points</a>
      </p>
      <form method="post" action={`/admin/articles/${article.id}/summary/recompute`}>
        <Csrf ctx={ctx} />
        <input type="hidden" name="revision" value={String(article.revision)} />
        <button type="submit" class="secondary">
          Recompute
        </button>
      </form>
    </section>
  );
}

export interface SentenceChoice {
  index: number;
  text: string;
  chosen: boolean;
}

export function SummaryEditView(props: { ctx: PageContext; article: Article; sentences: SentenceChoice[]; error?: string | null; min: number; max: number }) {
  const { ctx, article, sentences, error, min, max } = props;
  return (
    <AdminLayout ctx={ctx} title={`Key points: ${article.title}`} section="articles">
      <p>
        <a href={`/admin/articles/${article.id}`}>← {article.title}</a>
      </p>
      <h1>Choose the key points</h1>
      <p>
        Tick {min}–{max} sentences of the article. Each key point is one of its sentences, so every point still leads readers to where it
        comes from. Saving the body again replaces this choice with a fresh summary.
      </p>
      <Notice text={error} kind="error" />
      <form method="post" action={`/admin/articles/${article.id}/summary`} class="stack">
        <Csrf ctx={ctx} />
        <input type="hidden" name="revision" value={String(article.revision)} />
        <fieldset class="sentences">
          <legend>Sentences of the article</legend>
          {sentences.map((s) => (
            <label key={s.index} class="sentence">
              <input type="checkbox" name="sentence" value={String(s.index)} checked={s.chosen} /> {s.text}
            </label>
          ))}
        </fieldset>
        <div class="actions">
          <button type="submit">Save key points</button>
        </div>
      </form>
    </AdminLayout>
  );
}
