import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { adminAndEditor, Agent } from '../../test/support/admin-agent';
import { buildTestApp } from '../../test/support/app';
import { articleInput } from '../../test/support/articles';
import { forEachEngine, type TestDatabase } from '../../test/support/engines';
import { addImage, testLibrary } from '../../test/support/media';
import { articlesRepository } from '../articles/repository';
import { listAudit } from '../audit/audit';
import type { MediaItem } from '../media/model';

forEachEngine('admin authors', (open) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let admin: Agent;
  let editor: Agent;
  let photo: MediaItem;
  before(async () => {
    database = await open();
    const articles = articlesRepository(database);
    await articles.save(articleInput({ slug: 'anna-solo', author: 'Anna Kovacs' }));
    await articles.save(articleInput({ slug: 'pair', author: 'Ben Ito and Anna Kovacs' }));
    await articles.save(articleInput({ slug: 'ben-solo', author: 'Ben Ito' }));
    await articles.save(articleInput({ slug: 'duo', author: 'Benjamin Ito, Ben Ito' }));
    await articles.save(articleInput({ slug: 'benjamin-solo', author: 'Benjamin Ito' }));
    photo = await addImage(testLibrary(database), { width: 800, height: 800, alt: 'A portrait' });
    app = await buildTestApp(database);
    ({ admin, editor } = await adminAndEditor(database.db, app));
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  const authorRow = (slug: string) => database.db.selectFrom('authors').selectAll().where('slug', '=', slug).executeTakeFirst();
  const idOf = async (slug: string) => Number((await authorRow(slug))!.id);
  const authorCount = async () => (await database.db.selectFrom('authors').select('id').execute()).length;
  const redirectCount = async () => (await database.db.selectFrom('redirects').select('from_path').execute()).length;
  const bylineOf = async (slug: string) => (await database.db.selectFrom('articles').select('author').where('slug', '=', slug).executeTakeFirstOrThrow()).author;
  const authorsOf = async (slug: string) => (await articlesRepository(database).findBySlug(slug))!.authors.map((a) => a.slug);
  const actions = async () => (await listAudit(database.db, { action: 'author.', page: 1, pageSize: 50 })).items.map((i) => [i.action, i.target, i.actor]);

  test('an admin adds an author with a bio, a photo from the library and links; the public page shows them, escaped; audited', async () => {
    const form = await admin.get('/admin/authors/new');
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /<form method="post" action="\/admin\/authors"[^>]*>\s*<input type="hidden" name="_csrf"/);
    assert.match(form.body, new RegExp(`<option value="${photo.id}">#${photo.id} A portrait</option>`), 'recent library images are offered');
    const res = await admin.post('/admin/authors', {
      name: 'Chloé   Marr',
      slug: '',
      bio: 'Road tests <b>& rallies</b>.\r\n\r\nBefore that, "trucks".',
      photo: `#${photo.id}`,
      link1Label: 'Site "one"',
      link1Url: 'https://chloe.example/?a=1&b=<2>',
      link2Label: '',
      link2Url: 'https://social.example/@chloe',
    });
    assert.equal(res.statusCode, 303, res.body);
    const row = (await authorRow('chloe-marr'))!;
    assert.equal(res.headers.location, `/admin/authors/${row.id}?done=added`);
    assert.equal(row.name, 'Chloé Marr');
    assert.equal(Number(row.photo_media_id), photo.id);
    assert.deepEqual(JSON.parse(row.links_json), [
      { label: 'Site "one"', url: 'https://chloe.example/?a=1&b=%3C2%3E' },
      { label: 'social.example', url: 'https://social.example/@chloe' },
    ]);

    const page = await admin.get(res.headers.location as string);
    assert.match(page.body, /The author is added\./);
    assert.match(page.body, new RegExp(`<div class="hero-preview"><picture>.*?/media/${photo.key}/`, 's'), 'the chosen photo is shown');
    assert.match(page.body, /value="https:\/\/social.example\/@chloe"/);

    const pub = await app.inject('/author/chloe-marr');
    assert.equal(pub.statusCode, 200);
    assert.match(pub.body, new RegExp(`<picture class="author-photo">.*?<img src="/media/${photo.key}/[^"]+"[^>]*alt="Chloé Marr"`, 's'));
    assert.match(pub.body, /<p class="author-bio">Road tests &lt;b>&amp; rallies&lt;\/b>\.<\/p><p class="author-bio">Before that, &quot;trucks&quot;\.<\/p>/);
    assert.match(pub.body, /<a href="https:\/\/chloe\.example\/\?a=1&amp;b=%3C2%3E" rel="me noopener">Site &quot;one&quot;<\/a>/);
    assert.match(pub.body, /<a href="https:\/\/social\.example\/@chloe" rel="me noopener">social\.example<\/a>/);
    assert.doesNotMatch(pub.body, /<b>& rallies/);

    const list = await admin.get('/admin/authors');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /href="\/admin\/authors" aria-current="page"/);
    assert.match(list.body, new RegExp(`<a href="/admin/authors/${row.id}">Chloé Marr</a></td><td><code>chloe-marr</code></td><td>0</td><td><a href="/author/chloe-marr">Public page</a>`));
    assert.match(list.body, /<a href="\/admin\/authors\/\d+">Ben Ito<\/a><\/td><td><code>ben-ito<\/code><\/td><td>3<\/td>/);
    assert.deepEqual((await actions())[0], ['author.add', 'author:chloe-marr', 'boss@example.com']);
  });

  test('a new address leaves 301s from the old page and feed, a new name respells the bylines that named them; audited', async () => {
    const id = await idOf('anna-kovacs');
    await admin.get(`/admin/authors/${id}`);
    const res = await admin.post(`/admin/authors/${id}`, { name: 'Anna Kovács', slug: 'anna-kovacs-lind', bio: 'Editor at large.', photo: photo.key, link1Label: 'Blog', link1Url: 'http://anna.example/' });
    assert.equal(res.statusCode, 303, res.body);
    assert.equal(res.headers.location, `/admin/authors/${id}?done=saved`);
    const old = await app.inject('/author/anna-kovacs?before=x');
    assert.equal(old.statusCode, 301);
    assert.equal(old.headers.location, '/author/anna-kovacs-lind?before=x');
    assert.equal((await app.inject('/author/anna-kovacs/feed.xml')).headers.location, '/author/anna-kovacs-lind/feed.xml');
    assert.equal((await app.inject('/author/anna-kovacs/feed.json')).headers.location, '/author/anna-kovacs-lind/feed.json');
    const pub = await app.inject('/author/anna-kovacs-lind');
    assert.equal(pub.statusCode, 200);
    assert.match(pub.body, /<h1>Anna Kovács<\/h1>/);
    assert.match(pub.body, new RegExp(`/media/${photo.key}/`), 'a photo picked by its key');
    assert.equal(await bylineOf('pair'), 'Ben Ito and Anna Kovács');
    assert.equal(await bylineOf('anna-solo'), 'Anna Kovács');
    assert.deepEqual(await authorsOf('pair'), ['ben-ito', 'anna-kovacs-lind']);
    // Readers see the new name and address at once, on the article and on the cards that list it.
    const article = (await app.inject('/news/pair')).body;
    assert.match(article, /href="\/author\/ben-ito"[^>]*>Ben Ito<\/a>.*href="\/author\/anna-kovacs-lind"[^>]*>Anna Kovács<\/a>/s);
    assert.doesNotMatch(article, /href="\/author\/anna-kovacs"/);
    assert.match((await app.inject('/')).body, /href="\/author\/anna-kovacs-lind"[^>]*>Anna Kovács<\/a>/);
    const audited = (await listAudit(database.db, { action: 'author.update', page: 1, pageSize: 5 })).items[0]!;
    assert.equal(audited.target, 'author:anna-kovacs-lind');
    assert.deepEqual(audited.details, { changed: ['name', 'slug', 'bio', 'photoMediaId', 'links'], previousSlug: 'anna-kovacs', previousName: 'Anna Kovacs', bylines: 2 });
  });

  test('an author that articles name cannot be deleted (409, nothing changed); one named nowhere can, audited', async () => {
    const ben = await idOf('ben-ito');
    await admin.get(`/admin/authors/${ben}`);
    const refused = await admin.post(`/admin/authors/${ben}/delete`, {});
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /Articles still name Ben Ito \(3 in all\), so this author cannot be deleted: merge them into another author instead/);
    assert.ok(await authorRow('ben-ito'));

    await admin.get('/admin/authors/new');
    const added = await admin.post('/admin/authors', { name: 'Dan Oh' });
    assert.equal(added.statusCode, 303);
    const dan = await idOf('dan-oh');
    const page = await admin.get(`/admin/authors/${dan}`);
    assert.match(page.body, /action="\/admin\/authors\/\d+\/delete"/);
    const deleted = await admin.post(`/admin/authors/${dan}/delete`, {});
    assert.equal(deleted.statusCode, 303);
    assert.equal(deleted.headers.location, '/admin/authors?done=deleted');
    assert.equal(await authorRow('dan-oh'), undefined);
    assert.equal((await app.inject('/author/dan-oh')).statusCode, 404);
    assert.equal((await admin.post(`/admin/authors/${dan}/delete`, {})).statusCode, 404);
    assert.deepEqual((await actions())[0], ['author.delete', 'author:dan-oh', 'boss@example.com']);
  });

  test('merging moves the articles (named once where both were), respells their bylines and keeps a redirect; audited', async () => {
    const benjamin = await idOf('benjamin-ito');
    const ben = await idOf('ben-ito');
    await admin.get(`/admin/authors/${benjamin}`);
    assert.equal((await admin.post(`/admin/authors/${benjamin}/merge`, { into: 'benjamin-ito' })).statusCode, 400);
    const unknown = await admin.post(`/admin/authors/${benjamin}/merge`, { into: 'nobody-here' });
    assert.equal(unknown.statusCode, 422);
    assert.match(unknown.body, /There is no author with the address “nobody-here”/);
    assert.match(unknown.body, /value="nobody-here"/);

    const res = await admin.post(`/admin/authors/${benjamin}/merge`, { into: 'ben-ito' });
    assert.equal(res.statusCode, 303, res.body);
    assert.equal(res.headers.location, `/admin/authors/${ben}?done=merged`);
    assert.equal(await authorRow('benjamin-ito'), undefined);
    assert.deepEqual(await authorsOf('duo'), ['ben-ito']);
    assert.deepEqual(await authorsOf('benjamin-solo'), ['ben-ito']);
    assert.equal(await bylineOf('duo'), 'Ben Ito');
    assert.equal(await bylineOf('benjamin-solo'), 'Ben Ito');
    const moved = await app.inject('/author/benjamin-ito');
    assert.equal(moved.statusCode, 301);
    assert.equal(moved.headers.location, '/author/ben-ito');
    const benPage = await app.inject('/author/ben-ito');
    for (const slug of ['duo', 'benjamin-solo', 'ben-solo', 'pair']) assert.match(benPage.body, new RegExp(`href="/news/${slug}"`));
    assert.doesNotMatch((await app.inject('/news/benjamin-solo')).body, /href="\/author\/benjamin-ito"/);
    assert.match((await app.inject('/news/duo')).body, /href="\/author\/ben-ito"[^>]*>Ben Ito<\/a>/);
    assert.deepEqual((await actions())[0], ['author.merge', 'author:benjamin-ito', 'boss@example.com']);
    assert.match((await admin.get(res.headers.location as string)).body, /named on 4 articles/);
  });

  test('bad input is refused with a 4xx naming the field, what was typed kept, nothing stored; never a 5xx', async () => {
    const ben = await idOf('ben-ito');
    const before = { authors: await authorCount(), redirects: await redirectCount(), audit: (await actions()).length };
    const cases: Array<[Record<string, string>, number, RegExp, string]> = [
      [{ name: '   ' }, 400, /“name” is required/, 'name'],
      [{ name: 'Tom and Jerry' }, 400, /“Tom and Jerry” cannot be an author’s name/, 'name'],
      [{ name: 'ben ito' }, 409, /Another author is already called “ben ito” \(\/author\/ben-ito\)/, 'name'],
      [{ name: 'New Person', slug: 'Bad Slug' }, 400, /“Bad Slug” cannot be an author’s address/, 'slug'],
      [{ name: 'New Person', slug: 'ben-ito' }, 409, /Another author already has the address \/author\/ben-ito/, 'slug'],
      [{ name: 'New Person', link1Label: 'x', link1Url: 'javascript:alert(1)' }, 400, /Link 1: “javascript:alert\(1\)” is not a web address/, 'link1Url'],
      [{ name: 'New Person', link2Label: 'Blog' }, 400, /Link 2 has a label but no address/, 'link2Url'],
      [{ name: 'New Person', photo: '999999' }, 422, /There is no image 999999 in the media library/, 'photo'],
      [{ name: 'New Person', photo: 'portrait.jpg' }, 422, /There is no image portrait\.jpg in the media library/, 'photo'],
      [{ name: 'x'.repeat(121) }, 400, /“name” is too long: at most 120 characters/, 'name'],
    ];
    for (const [fields, status, message, field] of cases) {
      await admin.get('/admin/authors/new');
      const res = await admin.post('/admin/authors', fields);
      assert.equal(res.statusCode, status, `${JSON.stringify(fields)}: ${res.body.slice(0, 300)}`);
      assert.match(res.body, message);
      assert.match(res.body, new RegExp(`name="${field}"[^>]*aria-invalid="true"`), `${field} is marked`);
      assert.match(res.body, new RegExp(`value="${fields.name!.trim().slice(0, 20)}`), 'the form is shown as typed');
    }
    // The schema's own refusals name the field too.
    await admin.get('/admin/authors/new');
    const unknown = await admin.post('/admin/authors', { name: 'New Person', colour: 'red' });
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.body, /“colour” is not a known field here/);
    const huge = await admin.post('/admin/authors', { name: 'x'.repeat(1001) });
    assert.equal(huge.statusCode, 400);
    assert.match(huge.body, /“name” is too long/);
    // An edit refused at its last field leaves the author as they were: no new address, no redirect.
    await admin.get(`/admin/authors/${ben}`);
    const half = await admin.post(`/admin/authors/${ben}`, { name: 'Ben Ito', slug: 'benito', link1Url: 'ftp://files.example/' });
    assert.equal(half.statusCode, 400);
    assert.ok(await authorRow('ben-ito'));
    assert.equal((await app.inject('/author/benito')).statusCode, 404);
    assert.equal((await admin.get('/admin/authors/99999')).statusCode, 404);
    assert.equal((await admin.get('/admin/authors/abc')).statusCode, 400);
    assert.deepEqual({ authors: await authorCount(), redirects: await redirectCount(), audit: (await actions()).length }, before);
  });

  test('CSRF and the admin role are required; the menu links the page for admins only', async () => {
    const before = await authorCount();
    await admin.get('/admin/authors/new');
    assert.equal((await admin.post('/admin/authors', { name: 'No Token' }, { csrf: false })).statusCode, 403);
    assert.equal((await admin.post('/admin/authors', { name: 'Bad Token', _csrf: 'forged' })).statusCode, 403);
    const ben = await idOf('ben-ito');
    assert.equal((await admin.post(`/admin/authors/${ben}/merge`, { into: 'chloe-marr' }, { csrf: false })).statusCode, 403);
    assert.equal(await authorCount(), before);
    const page = await editor.get('/admin/articles');
    assert.doesNotMatch(page.body, /href="\/admin\/authors"/);
    assert.match((await admin.get('/admin/articles')).body, /href="\/admin\/authors"/);
    assert.equal((await editor.get('/admin/authors')).statusCode, 403);
    assert.equal((await editor.get(`/admin/authors/${ben}`)).statusCode, 403);
    assert.equal((await editor.post('/admin/authors', { name: 'Editor Made' })).statusCode, 403);
    assert.equal((await editor.post(`/admin/authors/${ben}/delete`, {})).statusCode, 403);
    assert.equal(await authorCount(), before);
  });

  test('the article editor offers known authors for the byline and says how to name several; a typed name finds the person without JavaScript', async () => {
    const page = await editor.get('/admin/articles/new');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /separate several authors with commas/);
    assert.match(page.body, /<input name="author" value list="author-list"/);
    const options = [...(/<datalist id="author-list">(.*?)<\/datalist>/s.exec(page.body)?.[1] ?? '').matchAll(/<option value="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(options, ['Anna Kovács', 'Ben Ito', 'Chloé Marr']);
    const res = await editor.post('/admin/articles', {
      title: 'Picked from the list',
      standfirst: 'A standfirst.',
      bodyMd: 'The new hatchback goes on sale in March. Prices start at 1.2 million roubles.\n\nDealers expect strong demand.',
      author: 'ben  ito, anna kovács',
      rubric: 'news',
      tags: '',
      action: 'save',
    });
    assert.equal(res.statusCode, 303, res.body.slice(0, 500));
    assert.deepEqual(await authorsOf('picked-from-the-list'), ['ben-ito', 'anna-kovacs-lind']);
    assert.equal(await authorCount(), 3, 'nobody new');
  });
});
