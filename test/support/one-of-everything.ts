// A newsroom with at least one of everything the admin shows: articles in each state, a library
// image, an author, a campaign with entries, a redirect, a webhook, an API key, a preview link and
// people of each role. The content is Russian, as on a Russian site, so that a page's data is
// never mistaken for an English label left on it.
import type { FastifyInstance } from 'fastify';
import { usersRepository } from '../../src/accounts/users';
import { apiKeysService } from '../../src/api/keys';
import { authorsService } from '../../src/articles/authors/authors-service';
import { previewLinksService } from '../../src/articles/previews/preview-links';
import { redirectsService } from '../../src/articles/redirects/service';
import { articlesRepository } from '../../src/articles/repository';
import type { ArticleInput } from '../../src/articles/model';
import type { PaddockDb } from '../../src/db/database';
import { webhookService } from '../../src/webhooks/service';
import { createUser } from './admin-agent';
import { articleInput } from './articles';
import { confirmedEntry, importTestCampaign, postEntry, validEntry } from './grandprix';
import { baseCampaignData } from './grandprix-fixtures';
import { addImage, testLibrary } from './media';
import { articleInStage } from './review-stages';

/** A moment while the test campaign is open (it runs 10 January – 28 February 2023, Moscow time). */
export const NEWSROOM_NOW = new Date('2023-02-01T12:00:00Z');

export const NEWSROOM_PEOPLE = { admin: 'glavred@example.com', editor: 'vypuskayushchiy@example.com', contributor: 'korrespondent@example.com' } as const;

export interface Newsroom {
  /** Article ids by state; the contributor owns those in review, sent back, and their own draft. */
  articles: { draft: number; published: number; scheduled: number; unpublished: number; inReview: number; changesRequested: number; contributorsDraft: number };
  mediaId: number;
  authorId: number;
  campaign: string;
  entryCode: string;
  redirectFrom: string;
  webhookId: number;
  apiKeyId: number;
  /** The article that has a preview link. */
  previewArticleId: number;
  /** A set-password link's token that has not been used (a person still waiting for their password). */
  pendingToken: string;
}

function russianArticle(overrides: Partial<ArticleInput>): ArticleInput {
  return articleInput({
    title: 'Новый хэтчбек поступит в продажу в марте',
    standfirst: 'Цены начнутся от 1,2 млн рублей.',
    bodyMd:
      'Новый хэтчбек поступит в продажу в марте с двигателем 1,6 литра. Цены начнутся от 1,2 млн рублей, сообщил производитель.\n\n' +
      'Дилеры ждут высокого спроса в регионах. Машина получит увеличенный сенсорный экран и подогрев сидений в базе.\n\n' +
      'Поставки версии с автоматом начнутся летом. Компания планирует выпустить 50 тысяч машин в этом году.',
    author: 'Ирина Соколова',
    rubric: { slug: 'novosti', name: 'Новости' },
    tags: [{ slug: 'lada', name: 'Лада' }],
    ...overrides,
  });
}

/** The test campaign with its reader-facing texts in Russian (ids and answers unchanged, so validEntry fits). */
function russianCampaign(): Record<string, unknown> {
  const base = baseCampaignData() as { categories: Array<{ nominees: unknown[] }>; questions: Array<Record<string, unknown>> };
  const titles = ['Городской автомобиль', 'Кроссовер'];
  const questions = ['Покупаете машину в этом году?', 'Какие марки рассматриваете', 'О чём нам написать?', 'Оцените нас', 'Ваш возраст'];
  return {
    title: 'Гран-при читателей',
    description: 'Голосование читателей.',
    rules: 'Один голос на человека.',
    promo: { headline: 'Голосуйте', text: 'Выберите машину.' },
    prizes: [
      { title: 'Машина на год', description: 'Седан', value: 480000 },
      { title: 'Выходные за городом', value: 60000 },
    ],
    categories: base.categories.map((c, i) => ({ ...c, title: titles[i] })),
    questions: base.questions.map((q, i) => ({
      ...q,
      text: questions[i],
      ...(q.options ? { options: (q.options as Array<{ id: string; text: string }>).map((o) => ({ ...o, text: o.id === 'yes' ? 'Да' : o.id === 'no' ? 'Нет' : o.text })) } : {}),
      ...(q.unit ? { unit: 'лет' } : {}),
    })),
  };
}

/**
 * Fills `database` through the services the admin uses. `app` must run with NEWSROOM_NOW as its
 * clock, MAIL_OUTBOX = `outbox` and ENTRY_RATE_LIMIT=0 (entries are made through the public API).
 */
export async function seedNewsroom(database: PaddockDb, app: FastifyInstance, outbox: string): Promise<Newsroom> {
  const now = NEWSROOM_NOW;
  const clock = () => now;
  const { db } = database;
  for (const [role, email] of Object.entries(NEWSROOM_PEOPLE)) await createUser(db, email, role as keyof typeof NEWSROOM_PEOPLE, undefined, now);

  const articles = articlesRepository(database);
  const save = async (input: ArticleInput) => (await articles.save(input, { editor: NEWSROOM_PEOPLE.editor, now })).article.id;
  const published = await save(russianArticle({ slug: 'opublikovano', publishedAt: new Date('2023-01-20T09:00:00Z') }));
  const draft = await save(russianArticle({ slug: 'chernovik', title: 'Черновик о новом седане', status: 'draft' }));
  const scheduled = await save(russianArticle({ slug: 'zaplanirovano', title: 'Тест-драйв кроссовера', publishedAt: new Date('2023-03-01T07:00:00Z') }));
  const unpublishedInput = russianArticle({ slug: 'snyato', title: 'Снятая с публикации заметка', publishedAt: new Date('2023-01-15T09:00:00Z') });
  const unpublished = await save(unpublishedInput);
  await articles.save({ ...unpublishedInput, status: 'draft' }, { editor: NEWSROOM_PEOPLE.editor, now });
  const contributorId = (await db.selectFrom('users').select('id').where('email', '=', NEWSROOM_PEOPLE.contributor).executeTakeFirstOrThrow()).id;
  const contributors = async (stage: 'draft' | 'in_review' | 'changes_requested', slug: string, title: string) => {
    const { status: _status, publishedAt: _at, ...content } = russianArticle({ slug, title });
    return articleInStage(db, articles, stage, contributorId, now, title, content);
  };
  const inReview = await contributors('in_review', 'na-proverke', 'Репортаж с автосалона');
  const changesRequested = await contributors('changes_requested', 'na-dorabotke', 'Сравнение двух седанов');
  const contributorsDraft = await contributors('draft', 'svoj-chernovik', 'Заметки о зимних шинах');

  const media = await addImage(testLibrary(database), { alt: 'Красный хэтчбек у дилерского центра', credit: 'Пресс-служба', caption: 'Новый хэтчбек' });
  const author = await authorsService(db, clock).add({ name: 'Максим Орлов', bio: 'Обозреватель раздела «Новости».' }, NEWSROOM_PEOPLE.admin);

  await importTestCampaign(db, russianCampaign());
  const entryCode = await confirmedEntry(app, outbox, 'test-prix', 'chitatel@example.com', { name: 'Анна Петрова' });
  await confirmedEntry(app, outbox, 'test-prix', 'chitatel2@example.com', { name: 'Пётр Иванов' });
  const pending = await postEntry(app, validEntry({ email: 'neposlal@example.com', name: 'Олег Смирнов' }), { slug: 'test-prix' });
  if (pending.statusCode !== 202) throw new Error(`pending entry refused: ${pending.body}`);

  await redirectsService(db, clock).add({ from: '/2019/05/staryj-adres/', to: '/news/opublikovano', status: 301 }, NEWSROOM_PEOPLE.admin);
  const webhook = await webhookService(db, { allowPrivate: true, now: clock }).register(
    { url: 'http://127.0.0.1:9/hook', description: 'Сброс кэша CDN', events: ['article.published'], active: true },
    NEWSROOM_PEOPLE.admin,
  );
  const keys = apiKeysService(db, clock);
  const key = await keys.add({ name: 'Мобильное приложение', origins: ['https://app.example.com'] }, NEWSROOM_PEOPLE.admin);
  const revoked = await keys.add({ name: 'Старый партнёр' }, NEWSROOM_PEOPLE.admin);
  await keys.revoke(revoked.key.id, NEWSROOM_PEOPLE.admin);
  await previewLinksService(db).create({ articleId: draft }, NEWSROOM_PEOPLE.editor, now);

  // Someone added and still waiting for their password: the users page shows that state, and
  // the set-password page its form.
  const { token } = await usersRepository(db).add({ email: 'novichok@example.com', role: 'contributor', actor: NEWSROOM_PEOPLE.admin, lang: 'ru' }, now);

  return {
    articles: { draft, published, scheduled, unpublished, inReview, changesRequested, contributorsDraft },
    mediaId: media.id,
    authorId: author.id,
    campaign: 'test-prix',
    entryCode,
    redirectFrom: '/2019/05/staryj-adres/',
    webhookId: webhook.id,
    apiKeyId: key.key.id,
    previewArticleId: draft,
    pendingToken: token,
  };
}
