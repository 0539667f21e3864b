import type { Article, StoredSummary } from '../../articles/model';
import type { ArticleForm } from '../article-form';
import type { PageContext } from '../context';
import { AIDS_LIMITS, countWords, prePublishChecklist, readingMinutes, searchTitleLength, type ChecklistItem } from '../editor-aids';
import type { AdminKey } from '../i18n';
import type { PendingWorkingCopy } from '../routes/editing-routes';
import { EDITOR_FORM_ID } from './conflict';

/** The catalogue texts admin/editor.js needs, in the person's language, with their {placeholders} and plural forms. */
const CLIENT_TEXTS = [
  'editing.wc.found', 'editing.wc.foundOlder', 'editing.wc.restore', 'editing.wc.discard', 'editing.wc.restored', 'editing.wc.discarded',
  'editing.wc.saved', 'editing.wc.failed', 'editing.wc.failedWhy', 'editing.wc.leave',
  'editing.wc.reason.session', 'editing.wc.reason.forbidden', 'editing.wc.reason.tooLong', 'editing.wc.reason.tooMany', 'editing.wc.reason.offline',
  'editing.aids.words', 'editing.aids.reading', 'editing.aids.titleHint', 'editing.aids.titleLong', 'editing.aids.socialHint', 'editing.aids.socialLong',
  'editing.aids.descHint', 'editing.aids.descLong', 'editing.aids.descEmpty', 'editing.aids.summaryNone', 'editing.aids.summaryWorking', 'editing.aids.summaryFailed',
  'editing.check.heroAlt', 'editing.check.noHero', 'editing.check.bodyAlt', 'editing.check.bodyAltMissing', 'editing.check.rubric', 'editing.check.standfirst',
  'editing.check.warn', 'editing.check.done', 'editing.check.todo',
] as const satisfies readonly AdminKey[];

/** What admin/editor.js reads from the page (`<script type="application/json" id="editor-config">`). */
export interface EditorConfig {
  lang: string;
  siteName: string;
  formId: string;
  /** Where this form's working copy lives; for a new article the script adds its own draft key. */
  workingCopy: { url: string } | { draftUrl: string };
  summaryPreviewUrl: string;
  /** The person's unsaved changes the server found for this article (null: none worth offering). */
  pending: (PendingWorkingCopy & { savedAtText: string }) | null;
  libraryAlt: string;
  limits: typeof AIDS_LIMITS;
  texts: Record<string, string>;
}

/** JSON inside a script element: `<` escaped so that no text can close the element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

function checkText(ctx: PageContext, c: ChecklistItem): string {
  const { t, tn } = ctx.i18n;
  if (c.item === 'heroAlt') return c.hasHero ? t('editing.check.heroAlt') : t('editing.check.noHero');
  if (c.item === 'bodyAlt') return c.ok ? t('editing.check.bodyAlt') : tn('editing.check.bodyAltMissing', c.missing);
  return t(`editing.check.${c.item}`);
}

/**
 * "You have unsaved changes from … — restore / discard", and the autosave's status line: shown by
 * admin/editor.js (hidden without it, as there is nothing to restore with). Its place is above
 * the editor's form; the script finds it by its data attributes.
 */
export function WorkingCopyBanner({ ctx, pending }: { ctx: PageContext; pending?: PendingWorkingCopy | null }) {
  const { t } = ctx.i18n;
  return (
    <>
      <div class="notice working-copy-banner" role="status" hidden data-working-copy-banner>
        <span data-working-copy-text>{pending ? t('editing.wc.found', { time: ctx.i18n.time(pending.savedAt) }) : ''}</span>{' '}
        <button type="button" data-working-copy-restore>
          {t('editing.wc.restore')}
        </button>{' '}
        <button type="button" class="secondary" data-working-copy-discard>
          {t('editing.wc.discard')}
        </button>
      </div>
      <p class="hint autosave-status" aria-live="polite" hidden data-autosave-status />
    </>
  );
}

/**
 * The editor's writing aids, rendered with their first values, and what admin/editor.js needs
 * (its configuration, and the script itself): it keeps the aids current as the person types and
 * saves working copies. Without JavaScript the counts, hints and checklist show the form as it
 * was loaded. Its place is the editor's side column; WorkingCopyBanner goes above the form.
 */
export function EditorAids(props: {
  ctx: PageContext;
  article: Article | null;
  form: ArticleForm;
  /** The library image's own alt text (used when the form's is empty). */
  libraryAlt?: string;
  pending?: PendingWorkingCopy | null;
  summary?: StoredSummary | null;
}) {
  const { ctx, article, form } = props;
  const { t, tn } = ctx.i18n;
  const words = countWords(form.bodyMd);
  const minutes = readingMinutes(words);
  const titleLength = searchTitleLength(form.title, ctx.siteName);
  const socialLength = [...form.title].length;
  const descLength = [...form.standfirst].length;
  const checklist = prePublishChecklist({ ...form, libraryAlt: props.libraryAlt ?? '' });
  const texts: Record<string, string> = {};
  // Raw catalogue texts: the script fills the placeholders and picks plural forms itself.
  for (const key of CLIENT_TEXTS) texts[key] = ctx.i18n.t(key, {});
  const pending = props.pending ?? null;
  const config: EditorConfig = {
    lang: ctx.i18n.lang,
    siteName: ctx.siteName,
    formId: EDITOR_FORM_ID,
    workingCopy: article ? { url: `/admin/articles/${article.id}/working-copy` } : { draftUrl: '/admin/articles/new/working-copy/' },
    summaryPreviewUrl: '/admin/articles/summary-preview',
    pending: pending ? { ...pending, savedAtText: ctx.i18n.time(pending.savedAt) } : null,
    libraryAlt: props.libraryAlt ?? '',
    limits: AIDS_LIMITS,
    texts,
  };
  return (
    <>
      <script type="application/json" id="editor-config" dangerouslySetInnerHTML={{ __html: scriptJson(config) }} />
      <section class="box editor-aids" aria-labelledby="editor-aids-heading">
        <h2 id="editor-aids-heading">{t('editing.aids.title')}</h2>
        <p data-aid="words">
          {tn('editing.aids.words', words)}, {t('editing.aids.reading', { n: ctx.i18n.number(minutes) })}
        </p>
        <p class="hint" data-aid="search-title">
          {t('editing.aids.titleHint', { count: titleLength, limit: AIDS_LIMITS.searchTitle, site: ctx.siteName })}
          {titleLength > AIDS_LIMITS.searchTitle && <strong class="warning"> {t('editing.aids.titleLong')}</strong>}
        </p>
        <p class="hint" data-aid="social-title">
          {t('editing.aids.socialHint', { count: socialLength, limit: AIDS_LIMITS.socialTitle })}
          {socialLength > AIDS_LIMITS.socialTitle && <strong class="warning"> {t('editing.aids.socialLong')}</strong>}
        </p>
        <p class="hint" data-aid="description">
          {descLength === 0 ? t('editing.aids.descEmpty') : t('editing.aids.descHint', { count: descLength, limit: AIDS_LIMITS.description })}
          {descLength > AIDS_LIMITS.description && <strong class="warning"> {t('editing.aids.descLong', { limit: AIDS_LIMITS.description })}</strong>}
        </p>
        <h3>{t('editing.aids.summary')}</h3>
        <div data-aid="summary" aria-live="polite">
          {props.summary && props.summary.points.length > 0 ? (
            <ol class="summary-points">
              {props.summary.points.map((p) => (
                <li key={p.sentence}>{p.text}</li>
              ))}
            </ol>
          ) : (
            <p>{t('editing.aids.summaryNone')}</p>
          )}
        </div>
        <h3>{t('editing.check.title')}</h3>
        <ul class="checklist" data-aid="checklist">
          {checklist.map((c) => (
            <li key={c.item} data-check={c.item} class={c.ok ? 'check-ok' : 'check-todo'}>
              {c.ok ? '✓' : '!'} {checkText(ctx, c)} <span class="hint">({t(c.ok ? 'editing.check.done' : 'editing.check.todo')})</span>
            </li>
          ))}
        </ul>
        <p class="hint" data-aid="checklist-warning" hidden={checklist.every((c) => c.ok)}>
          {t('editing.check.warn')}
        </p>
      </section>
      <script src="/admin/static/editor.js" defer />
    </>
  );
}
