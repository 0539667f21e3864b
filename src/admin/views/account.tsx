import type { Lang } from '../../i18n/messages';
import type { PageContext } from '../context';
import { AdminLayout, Csrf, Notice } from './layout';

/** The choices of a language select: each language in its own name, and the site's (stored as null). */
export function LanguageOptions({ ctx, value, siteLang }: { ctx: PageContext; value: Lang | null; siteLang: Lang }) {
  const { t } = ctx.i18n;
  return (
    <>
      <option value="site" selected={value === null}>
        {t('lang.site', { lang: t(`lang.${siteLang}`) })}
      </option>
      <option value="en" lang="en" selected={value === 'en'}>
        {t('lang.en')}
      </option>
      <option value="ru" lang="ru" selected={value === 'ru'}>
        {t('lang.ru')}
      </option>
    </>
  );
}

export function AccountView({ ctx, lang, siteLang, notice, error }: { ctx: PageContext; lang: Lang | null; siteLang: Lang; notice?: string | null; error?: string | null }) {
  const { t } = ctx.i18n;
  const user = ctx.user!;
  return (
    <AdminLayout ctx={ctx} title={t('account.title')} section="account">
      <h1>{t('account.title')}</h1>
      <Notice text={notice} />
      <Notice text={error} kind="error" />
      <dl class="facts">
        <dt>{t('users.field.email')}</dt>
        <dd>{user.email}</dd>
        <dt>{t('users.field.role')}</dt>
        <dd>{t(`role.${user.role}`)}</dd>
      </dl>
      <form method="post" action="/admin/account" class="stack narrow">
        <Csrf ctx={ctx} />
        <label>
          {t('users.field.language')}
          <select name="lang">
            <LanguageOptions ctx={ctx} value={lang} siteLang={siteLang} />
          </select>
        </label>
        <p class="hint">{t('account.hint')}</p>
        <button type="submit">{t('account.save')}</button>
      </form>
      <p class="hint">{t('account.password')}</p>
    </AdminLayout>
  );
}
