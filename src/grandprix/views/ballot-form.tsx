import type { I18n } from '../../i18n/messages';
import type { SiteContext } from '../../web/context';
import type { Campaign, Question } from '../campaign-schema';
import type { EntryError } from '../entry-validate';
import { entryErrorText } from '../page-messages';
import { NomineePhoto, type NomineeImages } from './nominee-photo';

/** What the reader typed, as posted (strings, or arrays for repeated names). */
export type FormValues = Record<string, string | string[] | undefined>;

interface Props {
  site: SiteContext;
  campaign: Campaign;
  values: FormValues;
  errors: EntryError[];
  csrfToken: string;
  startedStamp: string;
  powRequired: boolean;
  /** The nominees' library photos, by key. */
  images?: NomineeImages;
}

/** `ballot.city-car` → `f-ballot-city-car`: ids must be unique and safe in `#fragment` links. */
export const fieldId = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
const errorId = (name: string) => `e-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

function values(v: FormValues, name: string): string[] {
  const raw = v[name];
  return raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
}

function ErrorText({ i18n, errors, name }: { i18n: I18n; errors: EntryError[]; name: string }) {
  const e = errors.find((x) => x.field === name);
  return e ? (
    <p class="field-error" id={errorId(name)}>
      {entryErrorText(e, i18n)}
    </p>
  ) : null;
}

const described = (errors: EntryError[], name: string, hint?: string) => {
  const ids = [hint, errors.some((e) => e.field === name) ? errorId(name) : undefined].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
};

export function BallotForm({ site, campaign, values: v, errors, csrfToken, startedStamp, powRequired, images = new Map() }: Props) {
  const { t } = site.i18n;
  const invalid = (name: string) => (errors.some((e) => e.field === name) ? 'true' : undefined);
  return (
    <form class="ballot" method="post" action={`/grand-prix/${campaign.slug}`} noValidate data-pow={powRequired ? '/api/v1/altcha/challenge' : undefined}>
      {errors.length > 0 && (
        <div class="error-summary" role="alert" tabIndex={-1} id="error-summary" aria-labelledby="error-summary-title">
          <h2 id="error-summary-title">{t('gp.errors-title')}</h2>
          <ul>
            {errors.map((e) => (
              <li key={e.field}>
                <a href={`#${fieldId(e.field)}`}>{entryErrorText(e, site.i18n)}</a>
              </li>
            ))}
          </ul>
        </div>
      )}
      <input type="hidden" name="_csrf" value={csrfToken} />
      <input type="hidden" name="started" value={startedStamp} />
      <input type="hidden" name="altcha" value="" />

      {/* The summary's link for "vote in at least one category" lands here, where the message is repeated. */}
      <h2 id={fieldId('ballot')} tabIndex={-1}>
        {t('gp.ballot-heading')}
      </h2>
      <p>{t('gp.ballot-hint')}</p>
      <ErrorText i18n={site.i18n} errors={errors} name="ballot" />
      {campaign.categories.map((category) => {
        const name = `ballot.${category.id}`;
        const chosen = values(v, name)[0] ?? '';
        return (
          <fieldset key={category.id} class="category" id={fieldId(name)} aria-describedby={described(errors, name)} aria-invalid={invalid(name)}>
            <legend>{category.title}</legend>
            {category.description && <p class="hint">{category.description}</p>}
            <ErrorText i18n={site.i18n} errors={errors} name={name} />
            <div class="nominees">
              {category.nominees.map((n) => (
                <label key={n.id} class={n.image ? 'nominee has-photo' : 'nominee'}>
                  <NomineePhoto nominee={n} images={images} />
                  <input type="radio" name={name} value={n.id} checked={chosen === n.id} />
                  <span>{n.title}</span>
                </label>
              ))}
              <label class="nominee nominee-none">
                <input type="radio" name={name} value="" checked={chosen === ''} />
                <span>{t('gp.no-vote')}</span>
              </label>
            </div>
          </fieldset>
        );
      })}

      <h2>{t('gp.questionnaire')}</h2>
      {campaign.questions.map((q) => (
        <QuestionField key={q.id} site={site} q={q} values={v} errors={errors} />
      ))}

      <fieldset class="about-you">
        <legend>{t('gp.about-you')}</legend>
        <div class="field">
          <label for={fieldId('name')}>{t('gp.name')}</label>
          <ErrorText i18n={site.i18n} errors={errors} name="name" />
          <input id={fieldId('name')} name="name" type="text" autoComplete="name" maxLength={100} required value={values(v, 'name')[0] ?? ''} aria-invalid={invalid('name')} aria-describedby={described(errors, 'name')} />
        </div>
        <div class="field">
          <label for={fieldId('email')}>{t('gp.email')}</label>
          <p class="hint" id="email-hint">
            {t('gp.email-hint')}
          </p>
          <ErrorText i18n={site.i18n} errors={errors} name="email" />
          <input id={fieldId('email')} name="email" type="email" autoComplete="email" maxLength={254} required value={values(v, 'email')[0] ?? ''} aria-invalid={invalid('email')} aria-describedby={described(errors, 'email', 'email-hint')} />
        </div>
        <div class="field honeypot" aria-hidden="true">
          <label for="f-website">{t('gp.honeypot')}</label>
          <input id="f-website" name="website" type="text" tabIndex={-1} autoComplete="off" value="" />
        </div>
        {(['adult', 'consent'] as const).map((name) => (
          <div class="field checkbox" key={name}>
            <ErrorText i18n={site.i18n} errors={errors} name={name} />
            <input id={fieldId(name)} name={name} type="checkbox" value="on" checked={values(v, name)[0] === 'on'} aria-invalid={invalid(name)} aria-describedby={described(errors, name)} />{' '}
            <label for={fieldId(name)}>
              {name === 'adult' ? t('gp.adult') : <>{t('gp.consent')} (<a href={`/grand-prix/${campaign.slug}/rules`}>{t('gp.rules-link')}</a>)</>}
            </label>
          </div>
        ))}
      </fieldset>
      {powRequired && <p class="hint">{t('gp.pow-note')}</p>}
      <p>
        <button type="submit" class="button">
          {t('gp.submit')}
        </button>
      </p>
    </form>
  );
}

function QuestionField({ site, q, values: v, errors }: { site: SiteContext; q: Question; values: FormValues; errors: EntryError[] }) {
  const name = `answers.${q.id}`;
  const id = fieldId(name);
  const current = values(v, name);
  const invalid = errors.some((e) => e.field === name) ? 'true' : undefined;
  const label = (
    <>
      {q.text}
      {q.required && <span class="required"> ({site.i18n.t('gp.required')})</span>}
    </>
  );
  const hintId = q.help ? `h-${id}` : undefined;
  const hint = q.help ? (
    <p class="hint" id={hintId}>
      {q.help}
    </p>
  ) : null;
  if (q.type === 'single' || q.type === 'multi' || q.type === 'rating') {
    const options = q.type === 'rating' ? Array.from({ length: 10 }, (_, i) => ({ id: String(i + 1), text: String(i + 1) })) : q.options;
    return (
      <fieldset class={`question question-${q.type}`} id={id} aria-invalid={invalid} aria-describedby={described(errors, name, hintId)}>
        <legend>{label}</legend>
        {hint}
        <ErrorText i18n={site.i18n} errors={errors} name={name} />
        <div class={q.type === 'rating' ? 'rating-scale' : 'options'}>
          {options.map((o) => (
            <label key={o.id} class="option">
              <input type={q.type === 'multi' ? 'checkbox' : 'radio'} name={name} value={o.id} checked={current.includes(o.id)} />
              <span>{o.text}</span>
            </label>
          ))}
        </div>
      </fieldset>
    );
  }
  return (
    <div class={`field question question-${q.type}`}>
      <label for={id}>{label}</label>
      {hint}
      <ErrorText i18n={site.i18n} errors={errors} name={name} />
      {q.type === 'text' ? (
        <textarea id={id} name={name} maxLength={q.max_length} rows={3} aria-invalid={invalid} aria-describedby={described(errors, name, hintId)}>
          {current[0] ?? ''}
        </textarea>
      ) : (
        <input id={id} name={name} type="number" inputMode={q.integer ? 'numeric' : 'decimal'} min={q.min} max={q.max} step={q.integer ? 1 : 'any'} value={current[0] ?? ''} aria-invalid={invalid} aria-describedby={described(errors, name, hintId)} />
      )}
    </div>
  );
}
