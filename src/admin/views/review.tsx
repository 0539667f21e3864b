import type { Article } from '../../articles/model';
import type { QueueItem } from '../../articles/review/review-queue';
import type { ReviewEvent } from '../../articles/review/review-service';
import type { Stage } from '../../articles/review/workflow';
import { TableHead } from '../../web/table-head';
import type { PageContext } from '../context';
import { AdminLayout, Csrf, Notice } from './layout';

/** Where a review form was sent from: its answer goes back there. */
export type Back = 'queue' | 'editor';

/** The article's stage as a word, with the class the list and the status box colour it by. */
export function StageLabel({ ctx, stage }: { ctx: PageContext; stage: Stage }) {
  return <span class={`status status-${stage === 'in_review' || stage === 'changes_requested' ? 'scheduled' : stage} review-${stage}`}>{ctx.i18n.t(`review.state.${stage}`)}</span>;
}

/** An editor's three decisions on a submitted article: request changes (with a note), approve and publish, approve and schedule. */
export function DecisionForms({ ctx, articleId, back }: { ctx: PageContext; articleId: number; back: Back }) {
  const { t } = ctx.i18n;
  const base = `/admin/articles/${articleId}`;
  return (
    <div class="decisions stack">
      <form method="post" action={`${base}/approve-publish`}>
        <Csrf ctx={ctx} />
        <input type="hidden" name="back" value={back} />
        <button type="submit">{t('review.action.approvePublish')}</button>
      </form>
      <details>
        <summary>{t('review.action.approveSchedule')}</summary>
        <form method="post" action={`${base}/approve-schedule`} class="stack">
          <Csrf ctx={ctx} />
          <input type="hidden" name="back" value={back} />
          <label>
            {t('review.action.time', { zone: ctx.zone })}
            <input type="datetime-local" name="publishAt" required />
          </label>
          <button type="submit">{t('review.action.approveSchedule')}</button>
        </form>
      </details>
      <details>
        <summary>{t('review.action.requestChanges')}</summary>
        <form method="post" action={`${base}/request-changes`} class="stack">
          <Csrf ctx={ctx} />
          <input type="hidden" name="back" value={back} />
          <label>
            {t('review.action.note')}
            <textarea name="note" rows={4} maxLength={4000} required />
          </label>
          <button type="submit" class="secondary">
            {t('review.action.requestChanges')}
          </button>
        </form>
      </details>
    </div>
  );
}

export function ReviewQueueView(props: { ctx: PageContext; items: QueueItem[]; total: number; page: number; pages: number; notice?: string | null; error?: string | null }) {
  const { ctx, items, total, page, pages } = props;
  const { t, tn } = ctx.i18n;
  return (
    <AdminLayout ctx={ctx} title={t('review.queue.title')} section="review">
      <h1>{t('review.queue.title')}</h1>
      <Notice text={props.notice} />
      <Notice text={props.error} kind="error" />
      <p>{t('review.queue.intro')}</p>
      <p class="count">{total === 0 ? t('review.queue.empty') : tn('review.queue.count', total)}</p>
      {items.length > 0 && (
        <table class="list review-queue">
          <TableHead columns={[t('review.queue.col.title'), t('review.queue.col.author'), t('review.queue.col.submitted'), t('review.queue.col.actions')]} />
          <tbody>
            {items.map((a) => (
              <tr key={a.id} data-article={String(a.id)}>
                <td>
                  <a href={`/admin/articles/${a.id}`}>{a.title}</a>
                  {a.author && <div class="hint">{t('review.queue.byline', { author: a.author })}</div>}
                </td>
                <td>{a.ownerEmail ?? t('review.queue.noAccount')}</td>
                <td>{a.submittedAt ? ctx.i18n.time(a.submittedAt) : '—'}</td>
                <td>
                  <DecisionForms ctx={ctx} articleId={a.id} back="queue" />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pages > 1 && (
        <nav class="pager" aria-label={t('review.queue.pages')}>
          {page > 1 && <a href={`/admin/review?page=${page - 1}`}>{t('review.queue.previous')}</a>} <span>{t('review.queue.page', { page, pages })}</span>{' '}
          {page < pages && <a href={`/admin/review?page=${page + 1}`}>{t('review.queue.next')}</a>}
        </nav>
      )}
    </AdminLayout>
  );
}

/**
 * The editor page's review box: where the article stands, what its writer or an editor can do
 * next, and its review history.
 */
export function ReviewBox(props: { ctx: PageContext; article: Article; stage: Stage; canSubmit: boolean; canDecide: boolean; history: ReviewEvent[] }) {
  const { ctx, article, stage, canSubmit, canDecide, history } = props;
  const { t } = ctx.i18n;
  const contributor = ctx.user?.role === 'contributor';
  return (
    <section class="box review-box" id="review">
      <h2>{t('review.box.title')}</h2>
      <p>
        <StageLabel ctx={ctx} stage={stage} />
      </p>
      {stage === 'in_review' && article.review.submittedAt && (
        <p>{t(contributor ? 'review.box.inReview' : 'review.box.inReviewEditor', { at: ctx.i18n.time(article.review.submittedAt) })}</p>
      )}
      {/* The form's own "Submit for review" saves and submits at once: a second button here would drop unsaved edits. */}
      {canSubmit && stage === 'draft' && <p class="hint">{t('review.box.draft')}</p>}
      {canDecide && <DecisionForms ctx={ctx} articleId={article.id} back="editor" />}
      {history.length > 0 && (
        <>
          <h3>{t('review.box.history')}</h3>
          <ul class="review-history">
            {history.map((e) => (
              <li key={e.id}>
                {t(`review.event.${e.action}`, { at: ctx.i18n.time(e.at), who: e.actor, time: e.publishedAt ? ctx.i18n.time(e.publishedAt) : '' })}
                {e.note && <blockquote>{e.note}</blockquote>}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** What the editor asked to change, shown above a sent-back draft where its writer cannot miss it. */
export function ChangesRequested({ ctx, article, by }: { ctx: PageContext; article: Article; by: ReviewEvent | null }) {
  const { t } = ctx.i18n;
  if (article.review.state !== 'changes_requested' || !article.review.note) return null;
  return (
    <section class="notice notice-error review-note" role="alert" aria-labelledby="review-note-heading">
      <h2 id="review-note-heading">{t('review.note.title')}</h2>
      {by && <p>{t('review.note.by', { who: by.actor, at: ctx.i18n.time(by.at) })}</p>}
      <blockquote class="review-note-text">{article.review.note}</blockquote>
      <p>{t('review.note.then')}</p>
    </section>
  );
}
