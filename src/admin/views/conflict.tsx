import type { Change } from 'diff';
import type { Conflict, ConflictField } from '../conflict';
import type { PageContext } from '../context';

/** The editor form's id: the "save anyway" button sits outside the form and submits it by this id. */
export const EDITOR_FORM_ID = 'article-form';

function Changes({ changes }: { changes: Change[] }) {
  return (
    <pre class="diff-text">
      {changes.map((c, i) => (c.added ? <ins key={i}>{c.value}</ins> : c.removed ? <del key={i}>{c.value}</del> : <span key={i}>{c.value}</span>))}
    </pre>
  );
}

function Whole({ text }: { text: string }) {
  return <pre class="diff-text">{text}</pre>;
}

function Theirs({ ctx, f }: { ctx: PageContext; f: ConflictField }) {
  const { t } = ctx.i18n;
  if (!f.changedByThem) {
    return (
      <>
        <p class="hint">{t('editing.conflict.notChanged')}</p>
        <Whole text={f.theirs} />
      </>
    );
  }
  return (
    <>
      {f.theirChange ? <Changes changes={f.theirChange} /> : <Whole text={f.theirs} />}
      {f.base !== null && !f.theirChange && <p class="hint">{t('editing.conflict.tooDifferent')}</p>}
      {/* Shown by admin/editor.js: it copies their version into the form's fields. */}
      <button type="button" class="secondary" data-use-theirs={JSON.stringify(f.theirFormValues)} hidden>
        {t('editing.conflict.useTheirs')}
      </button>
    </>
  );
}

function Mine({ ctx, f }: { ctx: PageContext; f: ConflictField }) {
  const { t } = ctx.i18n;
  if (!f.changedByMe) {
    return (
      <>
        <p class="hint">{t('editing.conflict.youKept')}</p>
        <Whole text={f.mine} />
      </>
    );
  }
  return f.myChange ? <Changes changes={f.myChange} /> : <Whole text={f.mine} />;
}

/**
 * Shown above the editor's form when a save was refused because someone else saved first: their
 * changes beside this person's text, field by field. The form below holds this person's text and
 * the article's current revision, so sending it again ("save anyway") saves the merge by hand.
 */
export function ConflictView({ ctx, conflict, formId = EDITOR_FORM_ID }: { ctx: PageContext; conflict: Conflict; formId?: string }) {
  const { t } = ctx.i18n;
  const editor = conflict.editor ?? t('editing.conflict.unknownEditor');
  return (
    <section class="box conflict" id="conflict" aria-labelledby="conflict-heading">
      <h2 id="conflict-heading">{t('editing.conflict.title')}</h2>
      <p>{t('editing.conflict.intro', { editor, current: conflict.current, base: conflict.base, time: ctx.i18n.time(conflict.savedAt) })}</p>
      {conflict.baseMissing && <p class="hint">{t('editing.conflict.noBase', { base: conflict.base })}</p>}
      <table class="conflict-fields">
        <thead>
          <tr>
            <th scope="col">{t('editing.conflict.field')}</th>
            <th scope="col">{t('editing.conflict.theirs', { base: conflict.base, current: conflict.current })}</th>
            <th scope="col">{t('editing.conflict.mine')}</th>
          </tr>
        </thead>
        <tbody>
          {conflict.fields.map((f) => (
            <tr key={f.field} data-field={f.field}>
              <th scope="row">
                {t(`editing.field.${f.field}`)}
                {f.changedByThem && f.changedByMe && <span class="hint"> — {t('editing.conflict.both')}</span>}
              </th>
              <td>
                <Theirs ctx={ctx} f={f} />
              </td>
              <td>
                <Mine ctx={ctx} f={f} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="actions">
        <button type="submit" form={formId} name="action" value="save">
          {t('editing.conflict.saveMerged')}
        </button>{' '}
        <span class="hint">{t('editing.conflict.saveHint', { current: conflict.current })}</span>
      </p>
    </section>
  );
}
