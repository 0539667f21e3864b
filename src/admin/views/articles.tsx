import type { ComponentChildren } from 'preact';
import type { EditorListItem, EditorStatus, ListStatus } from '../../articles/editor-queries';
import type { Article, Named, StoredSummary } from '../../articles/model';
import type { Stage } from '../../articles/review/workflow';
import type { MediaItem } from '../../media/model';
import { Picture } from '../../media/picture';
import { TableHead } from '../../web/table-head';
import type { ArticleForm, FieldErrors, FieldName } from '../article-form';
import { LIMITS } from '../article-form';
import type { PageContext } from '../context';
import { rich } from '../i18n/rich';
import { AdminLayout, Csrf, Notice } from './layout';
import type { Conflict } from '../conflict';
import type { PendingWorkingCopy } from '../routes/editing-routes';
import { ConflictView, EDITOR_FORM_ID } from './conflict';
import { EditorAids, WorkingCopyBanner } from './editor-aids';
import { StageLabel } from './review';

export interface ListFilters {
  q: string;
  status: ListStatus | '';
  rubric: string;
}

/** The review workflow's part of the editor page (articles/review/): what this person may do, the note, the box. */
export interface EditorReview {
  stage: Stage;
  canEdit: boolean;
  may: { publish: boolean; unpublish: boolean; submit: boolean };
  note: ComponentChildren;
  box: ComponentChildren;
}

/** What the library takes (it checks the bytes, not this list: this only narrows the picker). */
const IMAGE_TYPES = 'image/jpeg,image/png,image/webp,image/avif,image/gif,image/tiff';

const FILTERS: readonly ListStatus[] = ['draft', 'in_review', 'changes_requested', 'scheduled', 'published'];

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
  const { t, tn } = ctx.i18n;
  const query = (p: number) => {
    const params = new URLSearchParams();
    if (filters.q) params.set('q', filters.q);
    if (filters.status) params.set('status', filters.status);
    if (filters.rubric) params.set('rubric', filters.rubric);
    params.set('page', String(p));
    return `/admin/articles?${params.toString()}`;
  };
  return (
    <AdminLayout ctx={ctx} title={t('articles.list.title')} section="articles">
      <div class="title-row">
        <h1>{t('articles.list.title')}</h1>
        <a class="button" href="/admin/articles/new">
          {t('articles.list.new')}
        </a>
      </div>
      <form method="get" action="/admin/articles" class="filters" role="search">
        <label>
          {t('articles.list.q')}
          <input type="search" name="q" value={filters.q} maxLength={200} />
        </label>
        <label>
          {t('articles.list.status')}
          <select name="status">
            <option value="">{t('articles.list.any')}</option>
            {FILTERS.map((s) => (
              <option key={s} value={s} selected={filters.status === s}>
                {t(`review.state.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('articles.list.rubric')}
          <select name="rubric">
            <option value="">{t('articles.list.any')}</option>
            {rubrics.map((r) => (
              <option key={r.slug} value={r.slug} selected={filters.rubric === r.slug}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t('articles.list.filter')}</button>
      </form>
      <p class="count">{tn('articles.list.count', total)}</p>
      {items.length > 0 && (
        <table class="list">
          <TableHead columns={[t('articles.col.title'), t('articles.col.status'), t('articles.col.rubric'), t('articles.col.publication'), t('articles.col.changed')]} />
          <tbody>
            {items.map((a) => (
              <tr key={a.id}>
                <td>
                  <a href={`/admin/articles/${a.id}`}>{a.title}</a>
                </td>
                <td>
                  <StageLabel ctx={ctx} stage={a.review ?? a.status} />
                </td>
                <td>{a.rubric ?? '—'}</td>
                <td>{ctx.i18n.time(a.publishedAt)}</td>
                <td>{ctx.i18n.time(a.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pages > 1 && (
        <nav class="pager" aria-label={t('articles.pager.label')}>
          {page > 1 && <a href={query(page - 1)}>{t('articles.pager.previous')}</a>} <span>{t('articles.pager.page', { page, pages })}</span>{' '}
          {page < pages && <a href={query(page + 1)}>{t('articles.pager.next')}</a>}
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
  previewLinks?: ComponentChildren;
  /** The review workflow's part (an existing article's page). */
  review?: EditorReview;
  /** A save refused because someone else saved meanwhile: their changes beside this person's text. */
  conflict?: Conflict | null;
  /** This person's unsaved changes to the article, offered back (restore / discard). */
  workingCopy?: PendingWorkingCopy | null;
}) {
  const { ctx, article, form, errors, rubrics, preview, notice, error, now, review } = props;
  const { t } = ctx.i18n;
  const action = article ? `/admin/articles/${article.id}` : '/admin/articles';
  const state = article ? articleState(article, now) : null;
  const contributor = ctx.user?.role === 'contributor';
  // What this person may do here; the server checks every post again (articles/review/workflow.ts).
  const canEdit = review?.canEdit ?? true;
  const canPublish = review?.may.publish ?? !contributor;
  const canSubmit = review?.may.submit ?? contributor;
  return (
    <AdminLayout ctx={ctx} title={article ? t('articles.edit.titleTag', { title: article.title }) : t('articles.new.heading')} section="articles" dropZone>
      <h1>{article ? t('articles.edit.heading') : t('articles.new.heading')}</h1>
      {review?.note}
      <Notice text={notice} />
      <Notice text={error ?? (Object.keys(errors).length > 0 ? t('articles.edit.fieldsNeedAttention') : null)} kind="error" />
      {props.conflict && <ConflictView ctx={ctx} conflict={props.conflict} />}
      {canEdit && <WorkingCopyBanner ctx={ctx} pending={props.workingCopy ?? null} />}
      <div class="editor">
        {/* Multipart for the image box's file picker; the CSRF token stays the first field, checked before the file is read. */}
        <form method="post" action={action} enctype="multipart/form-data" class="stack editor-form" id={EDITOR_FORM_ID} novalidate>
          <Csrf ctx={ctx} />
          <input type="hidden" name="revision" value={form.revision} />
          <fieldset class="editor-fields" disabled={!canEdit}>
            <label>
              {t('articles.field.title')}
              <input name="title" value={form.title} required maxLength={LIMITS.title} {...described(errors, 'title')} />
              <FieldError errors={errors} name="title" />
            </label>
            <label>
              {t('articles.field.slug')}{' '}
              <span class="hint">
                {article
                  ? rich(t('articles.field.slugNow'), {
                      link: <a href={`/news/${article.slug}`}>/news/{article.slug}</a>,
                    })
                  : t('articles.field.slugNew')}
              </span>
              <input name="slug" value={form.slug} maxLength={LIMITS.slug} pattern="[a-z0-9]+(-[a-z0-9]+)*" {...described(errors, 'slug')} />
              <FieldError errors={errors} name="slug" />
            </label>
            <label>
              {t('articles.field.standfirst')}
              <textarea name="standfirst" rows={2} maxLength={LIMITS.standfirst} value={form.standfirst} {...described(errors, 'standfirst')} />
              <FieldError errors={errors} name="standfirst" />
            </label>
            <label>
              {t('articles.field.body')}
              <textarea name="bodyMd" rows={18} class="mono" value={form.bodyMd} {...described(errors, 'bodyMd')} />
              <FieldError errors={errors} name="bodyMd" />
            </label>
            <div class="row">
              <label>
                {t('articles.field.authors')} <span class="hint">{t('articles.field.authorsHint')}</span>
                <input name="author" value={form.author} list="author-list" maxLength={LIMITS.author} {...described(errors, 'author')} />
                <datalist id="author-list">
                  {(props.authorNames ?? []).map((name) => (
                    <option key={name} value={name} />
                  ))}
                </datalist>
                <FieldError errors={errors} name="author" />
              </label>
              <label>
                {t('articles.field.rubric')}
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
              {t('articles.field.tags')} <span class="hint">{t('articles.field.tagsHint')}</span>
              <input name="tags" value={form.tags} {...described(errors, 'tags')} />
              <FieldError errors={errors} name="tags" />
            </label>
            {/* With JavaScript a file dropped on the box fills its picker (admin/media-drop.js); it is sent with the form like a picked one. */}
            <fieldset class="hero-field" data-drop-zone="pick">
              <legend>{t('articles.field.image')}</legend>
              <label>
                {t('articles.field.upload')} <span class="hint">{t('articles.field.uploadHint')}</span>
                <input type="file" name="heroFile" accept={IMAGE_TYPES} {...described(errors, 'heroFile')} />
                <FieldError errors={errors} name="heroFile" />
              </label>
              <p class="hint drop-hint" hidden>
                {t('articles.field.drop')}
              </p>
              <p class="hint drop-file" aria-live="polite" hidden />
              <label>
                {t('articles.field.heroMedia')}{' '}
                <span class="hint">
                  {rich(t('articles.field.heroMediaHint'), {
                    library: (
                      <a href="/admin/media" target="_blank">
                        {t('articles.field.mediaLibrary')}
                      </a>
                    ),
                  })}
                </span>
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
              {props.heroItem && <HeroItemPreview ctx={ctx} item={props.heroItem} />}
              <label>
                {t('articles.field.heroUrl')}
                <input name="heroUrl" value={form.heroUrl} maxLength={LIMITS.heroUrl} {...described(errors, 'heroUrl')} />
                <FieldError errors={errors} name="heroUrl" />
              </label>
              <label>
                {t('articles.field.heroAlt')} <span class="hint">{t('articles.field.heroAltHint')}</span>
                <input name="heroAlt" value={form.heroAlt} maxLength={LIMITS.heroAlt} {...described(errors, 'heroAlt')} />
                <FieldError errors={errors} name="heroAlt" />
              </label>
              <label>
                {t('articles.field.heroCredit')} <span class="hint">{t('articles.field.heroCreditHint')}</span>
                <input name="heroCredit" value={form.heroCredit} maxLength={LIMITS.heroCredit} {...described(errors, 'heroCredit')} />
                <FieldError errors={errors} name="heroCredit" />
              </label>
            </fieldset>
            {/* The publication time is the editor's to choose: a contributor's draft has none to set. */}
            {canPublish && (
              <label>
                {t('articles.field.publishAt', { zone: ctx.zone })} <span class="hint">{t('articles.field.publishAtHint')}</span>
                <input type="datetime-local" name="publishAt" value={form.publishAt} {...described(errors, 'publishAt')} />
                <FieldError errors={errors} name="publishAt" />
              </label>
            )}
          </fieldset>
          {canEdit && (
            <div class="actions">
              <button type="submit" name="action" value="preview" class="secondary">
                {t('articles.action.preview')}
              </button>
              <button type="submit" name="action" value="save">
                {article && state !== 'draft' ? t('articles.action.saveChanges') : t('articles.action.saveDraft')}
              </button>
              {canSubmit && (
                <button type="submit" name="action" value="submit">
                  {t('review.action.submit')}
                </button>
              )}
              {canPublish && state !== 'published' && (
                <button type="submit" name="action" value="publish">
                  {t('articles.action.publish')}
                </button>
              )}
              {canPublish && (
                <button type="submit" name="action" value="schedule">
                  {t('articles.action.schedule')}
                </button>
              )}
            </div>
          )}
        </form>
        <aside class="editor-side">
          {canEdit && <EditorAids ctx={ctx} article={article} form={form} libraryAlt={props.heroItem?.alt ?? ''} pending={props.workingCopy ?? null} summary={article?.summary ?? null} />}
          {article && review?.box}
          {article && state && <ArticleStatus ctx={ctx} article={article} state={state} stage={review?.stage ?? state} canUnpublish={review?.may.unpublish ?? !contributor} />}
          {article && <SummaryBox ctx={ctx} article={article} canEdit={canEdit} />}
          {article && props.previewLinks}
        </aside>
      </div>
      {preview && (
        <section class="preview" aria-labelledby="preview-heading">
          <h2 id="preview-heading">{t('articles.preview.heading')}</h2>
          <article class="article-preview">
            <h1>{form.title}</h1>
            {form.standfirst && <p class="standfirst">{form.standfirst}</p>}
            {/* Markdown rendered without raw HTML and passed through the sanitizer's allowlist. */}
            <div class="article-body" dangerouslySetInnerHTML={{ __html: preview.bodyHtml }} />
          </article>
          <h3>{t('articles.preview.summary')}</h3>
          <SummaryPoints ctx={ctx} summary={preview.summary} />
        </section>
      )}
    </AdminLayout>
  );
}

function HeroItemPreview({ ctx, item }: { ctx: PageContext; item: MediaItem }) {
  const { t } = ctx.i18n;
  return (
    <div class="hero-preview">
      <Picture image={item} sizes="12rem" alt={item.alt} />
      <p class="hint">
        <a href={`/admin/media/${item.id}`}>{t('articles.hero.image', { id: item.id })}</a> ({item.width}×{item.height}):{' '}
        {item.alt ? t('articles.hero.alt', { alt: item.alt }) : <strong class="warning">{t('articles.hero.noAlt')}</strong>}
        {item.credit ? t('articles.hero.credit', { credit: item.credit }) : ''}
      </p>
    </div>
  );
}

function ArticleStatus({ ctx, article, state, stage, canUnpublish }: { ctx: PageContext; article: Article; state: EditorStatus; stage: Stage; canUnpublish: boolean }) {
  const { t } = ctx.i18n;
  return (
    <section class="box">
      <h2>{t('articles.status.title')}</h2>
      <p>
        <StageLabel ctx={ctx} stage={stage} />
        {state !== 'draft' && <> {t(state === 'scheduled' ? 'articles.status.for' : 'articles.status.since', { time: ctx.i18n.time(article.publishedAt) })}</>}
      </p>
      <p>
        {t('articles.status.revision', { revision: article.revision, time: ctx.i18n.time(article.updatedAt) })}{' '}
        <a href={`/admin/articles/${article.id}/revisions`}>{t('articles.status.history')}</a>
      </p>
      {state !== 'draft' && canUnpublish && (
        <form method="post" action={`/admin/articles/${article.id}/unpublish`}>
          <Csrf ctx={ctx} />
          <input type="hidden" name="revision" value={String(article.revision)} />
          <button type="submit" class="danger">
            {t('articles.status.unpublish')}
          </button>
        </form>
      )}
    </section>
  );
}

export function SummaryPoints({ ctx, summary }: { ctx: PageContext; summary: StoredSummary | null }) {
  if (!summary || summary.points.length === 0) return <p>{ctx.i18n.t('articles.summary.none')}</p>;
  return (
    <ol class="summary-points">
      {summary.points.map((p) => (
        <li key={p.sentence}>{p.text}</li>
      ))}
    </ol>
  );
}

function SummaryBox({ ctx, article, canEdit }: { ctx: PageContext; article: Article; canEdit: boolean }) {
  const { t } = ctx.i18n;
  return (
    <section class="box summary-box">
      <h2>{t('articles.summary.title')}</h2>
      <p class="summary-kind">{article.summaryEdited ? t('articles.summary.edited') : t('articles.summary.computed')}</p>
      <SummaryPoints ctx={ctx} summary={article.summary} />
      {canEdit && (
        <>
          <p>
            <a href={`/admin/articles/${article.id}/summary`}>{t('articles.summary.choose')}</a>
          </p>
          <form method="post" action={`/admin/articles/${article.id}/summary/recompute`}>
            <Csrf ctx={ctx} />
            <input type="hidden" name="revision" value={String(article.revision)} />
            <button type="submit" class="secondary">
              {t('articles.summary.recompute')}
            </button>
          </form>
        </>
      )}
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
  const { t } = ctx.i18n;
  return (
    <AdminLayout ctx={ctx} title={t('articles.summaryEdit.titleTag', { title: article.title })} section="articles">
      <p>
        <a href={`/admin/articles/${article.id}`}>← {article.title}</a>
      </p>
      <h1>{t('articles.summary.choose')}</h1>
      <p>{t('articles.summaryEdit.intro', { min, max })}</p>
      <Notice text={error} kind="error" />
      <form method="post" action={`/admin/articles/${article.id}/summary`} class="stack">
        <Csrf ctx={ctx} />
        <input type="hidden" name="revision" value={String(article.revision)} />
        <fieldset class="sentences">
          <legend>{t('articles.summaryEdit.legend')}</legend>
          {sentences.map((s) => (
            <label key={s.index} class="sentence">
              <input type="checkbox" name="sentence" value={String(s.index)} checked={s.chosen} /> {s.text}
            </label>
          ))}
        </fieldset>
        <div class="actions">
          <button type="submit">{t('articles.summaryEdit.save')}</button>
        </div>
      </form>
    </AdminLayout>
  );
}
