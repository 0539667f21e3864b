/** Every string a reader sees. English is the reference: Russian must have the same keys (checked by the type). */
const en = {
  'site.tagline': 'Cars, industry and the people who drive them',
  'nav.main': 'Main',
  'nav.home': 'Front page',
  'nav.rubrics': 'Sections',
  'nav.skip': 'Skip to content',
  'nav.search': 'Search',
  'rubric.news': 'News',
  'rubric.road-tests': 'Road tests',
  'rubric.industry': 'Industry',
  'rubric.electric-cars': 'Electric cars',
  'front.title': 'Latest news',
  'front.description': 'Automotive news, road tests, industry and electric cars.',
  'front.empty': 'Nothing has been published yet.',
  'list.page': 'Page {page} of {pages}',
  'list.newer': 'Newer articles',
  'list.older': 'Older articles',
  'list.pagination': 'Pages',
  'rubric.title': 'Section: {name}',
  'rubric.description': 'Articles in the section {name}.',
  'tag.title': 'Tag: {name}',
  'tag.description': 'Articles tagged {name}.',
  'article.by': 'By {author}',
  'article.published': 'Published',
  'article.updated': 'Updated',
  'article.tags': 'Tags',
  'article.neighbours': 'More articles',
  'article.previous': 'Previous Article',
  'article.next': 'Next Article',
  'article.image-credit': 'Photo: {credit}',
  'summary.cta-lead': 'No time to read?',
  'summary.cta': 'Get a summary',
  'summary.heading': 'Summary',
  'summary.label': 'Automatic summary: these are sentences taken word for word from the article. Each links to where it stands.',
  'summary.edited': 'Summary checked and edited by the newsroom.',
  'summary.back': 'Back to the article',
  'summary.title': 'Summary: {title}',
  'summary.none': 'This article is too short to summarize.',
  'summary.hide': 'Hide the summary',
  'notfound.title': 'Page not found',
  'notfound.text': 'We could not find that page. It may have moved, or the address may be mistyped.',
  'notfound.suggest': 'Try the front page or one of the latest articles:',
  'error.title': 'Something went wrong',
  'error.text': 'The page could not be shown. Please try again in a moment.',
  'badrequest.title': 'Bad request',
  'footer.about': 'Paddock is an independent automotive newsroom.',
  'footer.feed': 'RSS feed',
} as const;

export type MessageKey = keyof typeof en;
type Catalogue = Record<MessageKey, string>;

const ru: Catalogue = {
  'site.tagline': 'Автомобили, индустрия и люди за рулём',
  'nav.main': 'Главное меню',
  'nav.home': 'Главная',
  'nav.rubrics': 'Рубрики',
  'nav.skip': 'Перейти к содержанию',
  'nav.search': 'Поиск',
  'rubric.news': 'Новости',
  'rubric.road-tests': 'Тест-драйвы',
  'rubric.industry': 'Индустрия',
  'rubric.electric-cars': 'Электромобили',
  'front.title': 'Последние новости',
  'front.description': 'Автомобильные новости, тест-драйвы, индустрия и электромобили.',
  'front.empty': 'Пока ничего не опубликовано.',
  'list.page': 'Страница {page} из {pages}',
  'list.newer': 'Более новые',
  'list.older': 'Более ранние',
  'list.pagination': 'Страницы',
  'rubric.title': 'Рубрика: {name}',
  'rubric.description': 'Статьи рубрики «{name}».',
  'tag.title': 'Тег: {name}',
  'tag.description': 'Статьи с тегом «{name}».',
  'article.by': 'Автор: {author}',
  'article.published': 'Опубликовано',
  'article.updated': 'Обновлено',
  'article.tags': 'Теги',
  'article.neighbours': 'Другие статьи',
  'article.previous': 'Предыдущая статья',
  'article.next': 'Следующая статья',
  'article.image-credit': 'Фото: {credit}',
  'summary.cta-lead': 'Некогда читать?',
  'summary.cta': 'Краткое содержание',
  'summary.heading': 'Коротко',
  'summary.label': 'Автоматическое краткое содержание: предложения взяты из статьи дословно, каждое ведёт к своему месту в тексте.',
  'summary.edited': 'Краткое содержание проверено и отредактировано редакцией.',
  'summary.back': 'Вернуться к статье',
  'summary.title': 'Коротко: {title}',
  'summary.none': 'Статья слишком короткая для краткого содержания.',
  'summary.hide': 'Скрыть краткое содержание',
  'notfound.title': 'Страница не найдена',
  'notfound.text': 'Такой страницы нет. Возможно, она переехала или в адресе опечатка.',
  'notfound.suggest': 'Начните с главной или с последних статей:',
  'error.title': 'Что-то пошло не так',
  'error.text': 'Страницу не удалось показать. Попробуйте ещё раз чуть позже.',
  'badrequest.title': 'Неверный запрос',
  'footer.about': 'Paddock — независимое автомобильное издание.',
  'footer.feed': 'RSS-лента',
};

export type Lang = 'en' | 'ru';
const CATALOGUES: Record<Lang, Catalogue> = { en, ru };

export interface I18n {
  lang: Lang;
  t(key: MessageKey, params?: Record<string, string | number>): string;
  formatDate(iso: string): string;
  formatNumber(n: number): string;
  /** A rubric's display name: the catalogue's when it knows the slug, else the stored name. */
  rubricName(slug: string, stored: string): string;
}

export function createI18n(lang: Lang, timeZone: string): I18n {
  const catalogue = CATALOGUES[lang];
  const dateFormat = new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeStyle: 'short', timeZone });
  const numberFormat = new Intl.NumberFormat(lang);
  const t: I18n['t'] = (key, params) => {
    const text = catalogue[key];
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
  };
  return {
    lang,
    t,
    formatDate: (iso) => dateFormat.format(new Date(iso)),
    formatNumber: (n) => numberFormat.format(n),
    rubricName: (slug, stored) => {
      const key = `rubric.${slug}`;
      return key in catalogue ? catalogue[key as MessageKey] : stored;
    },
  };
}
