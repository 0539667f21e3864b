import type { Article } from '../../articles/model';
import type { DiffWords, FieldDiff, RevisionInfo } from '../../articles/revisions';
import { TableHead } from '../../web/table-head';
import type { PageContext } from '../context';
import type { AdminI18n, AdminKey } from '../i18n';
import { AdminLayout, Csrf, Notice } from './layout';

/** A diff's words (the image's description, the status) in this person's language. */
export function diffWords(i18n: AdminI18n): DiffWords {
  return {
    libraryImage: (id) => i18n.t('articles.diff.libraryImage', { id }),
    alt: (alt) => i18n.t('articles.diff.alt', { alt }),
    credit: (credit) => i18n.t('articles.diff.credit', { credit }),
    status: (status) => i18n.t(`review.state.${status}`),
  };
}

export function RevisionsView(props: { ctx: PageContext; article: Article; revisions: RevisionInfo[]; notice?: string | null; canRestore: boolean }) {
  const { ctx, article, revisions, notice, canRestore } = props;
  const { t } = ctx.i18n;
  const latest = revisions[0]?.revision;
  const previous = revisions[1]?.revision;
  const columns = ['from', 'to', 'revision', 'saved', 'by', 'title', 'status', 'summary'] as const;
  return (
    <AdminLayout ctx={ctx} title={t('articles.revisions.titleTag', { title: article.title })} section="articles">
      <p>
        <a href={`/admin/articles/${article.id}`}>← {article.title}</a>
      </p>
      <h1>{t('articles.revisions.heading')}</h1>
      <Notice text={notice} />
      <form method="get" action={`/admin/articles/${article.id}/diff`} id="compare" />
      <table class="list revisions">
        <TableHead columns={[...columns.map((c) => t(`articles.revisions.col.${c}`)), '']} />
        <tbody>
          {revisions.map((r) => (
            <tr key={r.revision}>
              <td>
                <input type="radio" form="compare" name="from" value={String(r.revision)} checked={r.revision === previous} aria-label={t('articles.revisions.compareFrom', { n: r.revision })} />
              </td>
              <td>
                <input type="radio" form="compare" name="to" value={String(r.revision)} checked={r.revision === latest} aria-label={t('articles.revisions.compareTo', { n: r.revision })} />
              </td>
              <td>{r.revision}</td>
              <td>{ctx.i18n.time(r.createdAt)}</td>
              <td>{r.editor ?? '—'}</td>
              <td>{r.title}</td>
              <td>{t(`review.state.${r.status}`)}</td>
              <td>{r.summaryEdited ? t('articles.revisions.edited') : t('articles.revisions.computed')}</td>
              <td>
                {r.revision === latest ? (
                  <span class="hint">{t('articles.revisions.current')}</span>
                ) : (
                  canRestore && (
                    <form method="post" action={`/admin/articles/${article.id}/revisions/${r.revision}/restore`}>
                      <Csrf ctx={ctx} />
                      <button type="submit" class="secondary" aria-label={t('articles.revisions.restoreLabel', { n: r.revision })}>
                        {t('articles.revisions.restore')}
                      </button>
                    </form>
                  )
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {revisions.length > 1 && (
        <p>
          <button type="submit" form="compare">
            {t('articles.revisions.compare')}
          </button>
        </p>
      )}
      {canRestore && <p class="hint">{t('articles.revisions.hint')}</p>}
    </AdminLayout>
  );
}

export function DiffView(props: { ctx: PageContext; article: Article; from: number; to: number; diffs: FieldDiff[] }) {
  const { ctx, article, from, to, diffs } = props;
  const { t } = ctx.i18n;
  return (
    <AdminLayout ctx={ctx} title={t('articles.diff.titleTag', { from, to, title: article.title })} section="articles">
      <p>
        <a href={`/admin/articles/${article.id}/revisions`}>{t('articles.diff.back', { title: article.title })}</a>
      </p>
      <h1>{t('articles.diff.heading', { from, to })}</h1>
      {diffs.length === 0 && <p>{t('articles.diff.same')}</p>}
      {diffs.map((d) => (
        <section key={d.field} class="diff">
          <h2>{t(`articles.diff.field.${d.key}` as AdminKey)}</h2>
          {d.changes ? (
            <pre class="diff-text">
              {d.changes.map((c, i) =>
                c.added ? <ins key={i}>{c.value}</ins> : c.removed ? <del key={i}>{c.value}</del> : <span key={i}>{c.value}</span>,
              )}
            </pre>
          ) : (
            <div class="diff-whole">
              <p>{t('articles.diff.tooDifferent')}</p>
              <pre class="diff-text">
                <del>{d.before}</del>
              </pre>
              <p>{t('articles.diff.after')}</p>
              <pre class="diff-text">
                <ins>{d.after}</ins>
              </pre>
            </div>
          )}
        </section>
      ))}
    </AdminLayout>
  );
}
