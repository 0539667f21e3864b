import type { Article } from '../../articles/model';
import type { FieldDiff, RevisionInfo } from '../../articles/revisions';
import type { PageContext } from '../context';
import { AdminLayout, Csrf, formatTime, Notice } from './layout';
import { TableHead } from '../../web/table-head';

export function RevisionsView(props: { ctx: PageContext; article: Article; revisions: RevisionInfo[]; notice?: string | null }) {
  const { ctx, article, revisions, notice } = props;
  const latest = revisions[0]?.revision;
  const previous = revisions[1]?.revision;
  return (
    <AdminLayout ctx={ctx} title={`History: ${article.title}`} section="articles">
      <p>
        <a href={`/admin/articles/${article.id}`}>← {article.title}</a>
      </p>
      <h1>Revision history</h1>
      <Notice text={notice} />
      <form method="get" action={`/admin/articles/${article.id}/diff`} id="compare" />
      <table class="list revisions">
        <TableHead columns={['From', 'To', 'Revision', 'Saved', 'By', 'Title', 'Status', 'Summary', '']} />
        <tbody>
          {revisions.map((r) => (
            <tr key={r.revision}>
              <td>
                <input type="radio" form="compare" name="from" value={String(r.revision)} checked={r.revision === previous} aria-label={`Compare from revision ${r.revision}`} />
              </td>
              <td>
                <input type="radio" form="compare" name="to" value={String(r.revision)} checked={r.revision === latest} aria-label={`Compare to revision ${r.revision}`} />
              </td>
              <td>{r.revision}</td>
              <td>{formatTime(r.createdAt, ctx.zone)}</td>
              <td>{r.editor ?? '—'}</td>
              <td>{r.title}</td>
              <td>{r.status}</td>
              <td>{r.summaryEdited ? 'edited' : 'computed'}</td>
              <td>
                {r.revision === latest ? (
                  <span class="hint">current</span>
                ) : (
                  <form method="post" action={`/admin/articles/${article.id}/revisions/${r.revision}/restore`}>
                    <Csrf ctx={ctx} />
                    <button type="submit" class="secondary" aria-label={`Restore revision ${r.revision}`}>
                      Restore
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {revisions.length > 1 && (
        <p>
          <button type="submit" form="compare">
            Compare the chosen revisions
          </button>
        </p>
      )}
      <p class="hint">Restoring brings back the content of a revision (text, image, tags, rubric) as a new revision; the status and publication time stay as they are now.</p>
    </AdminLayout>
  );
}

export function DiffView(props: { ctx: PageContext; article: Article; from: number; to: number; diffs: FieldDiff[] }) {
  const { ctx, article, from, to, diffs } = props;
  return (
    <AdminLayout ctx={ctx} title={`Revisions ${from} → ${to}: ${article.title}`} section="articles">
      <p>
        <a href={`/admin/articles/${article.id}/revisions`}>← History of {article.title}</a>
      </p>
      <h1>
        Changes from revision {from} to revision {to}
      </h1>
      {diffs.length === 0 && <p>These revisions have the same content.</p>}
      {diffs.map((d) => (
        <section key={d.field} class="diff">
          <h2>{d.label}</h2>
          {d.changes ? (
            <pre class="diff-text">
              {d.changes.map((c, i) =>
                c.added ? <ins key={i}>{c.value}</ins> : c.removed ? <del key={i}>{c.value}</del> : <span key={i}>{c.value}</span>,
              )}
            </pre>
          ) : (
            <div class="diff-whole">
              <p>Too different to compare line by line. Before:</p>
              <pre class="diff-text">
                <del>{d.before}</del>
              </pre>
              <p>After:</p>
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
