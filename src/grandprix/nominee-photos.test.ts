import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../../test/support/app';
import { forEachEngine, type TestDatabase } from '../../test/support/engines';
import { CLOSES, DURING, confirmedEntry, importTestCampaign, tempOutbox } from '../../test/support/grandprix';
import { baseCampaignData } from '../../test/support/grandprix-fixtures';
import { addImage, testLibrary } from '../../test/support/media';
import type { MediaItem } from '../media/model';
import { CampaignImportError } from './campaign-import';

/** The test campaign with photos: Vesta from the library with its own alt text, Moskvich from the library, Omoda by URL. */
function withPhotos(vesta: MediaItem, moskvich: MediaItem): Record<string, unknown> {
  const data = baseCampaignData();
  const categories = data.categories as Array<{ nominees: Array<Record<string, unknown>> }>;
  const [first] = categories;
  first!.nominees[0] = { ...first!.nominees[0], image: `media:${vesta.key}`, image_alt: 'A white Lada Vesta NG sedan in a snowy car park' };
  first!.nominees[1] = { ...first!.nominees[1], image: `media:${moskvich.key}` };
  first!.nominees[2] = { ...first!.nominees[2], image: 'https://cdn.example.com/omoda.jpg' };
  return { categories };
}

forEachEngine('Grand Prix nominee photos', (open) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let vesta: MediaItem;
  let moskvich: MediaItem;
  let clock = DURING;
  const outbox = tempOutbox();

  before(async () => {
    database = await open();
    app = await buildTestApp(database, { now: () => clock, env: { MAIL_OUTBOX: outbox, ENTRY_RATE_LIMIT: '0' } });
    const library = testLibrary(database);
    vesta = await addImage(library, { width: 1200, height: 800, alt: 'Library alt text' });
    moskvich = await addImage(library, { width: 1200, height: 800 });
    await importTestCampaign(database.db, withPhotos(vesta, moskvich));
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  const nomineeLabel = (html: string, id: string) => new RegExp(`<label class="nominee has-photo">((?:(?!</label>)[\\s\\S])*?value="${id}"[\\s\\S]*?)</label>`).exec(html)?.[1];

  test('the ballot shows each nominee\'s photo as a responsive, lazy picture, alt text the nominee\'s name unless given', async () => {
    const page = await app.inject('/grand-prix/test-prix');
    assert.equal(page.statusCode, 200);
    const vestaLabel = nomineeLabel(page.body, 'vesta');
    assert.ok(vestaLabel, 'Vesta has a photo');
    assert.match(vestaLabel, /^<picture class="nominee-photo"><source type="image\/avif" srcset="[^"]*\/320\.avif 320w, [^"]*\/640\.avif 640w, [^"]*\/960\.avif 960w, [^"]*\/1200\.avif 1200w" sizes="[^"]+"\/?><source type="image\/webp"/);
    assert.match(vestaLabel, new RegExp(`<img src="/media/${vesta.key}/960.jpg" srcset="[^"]+" sizes="[^"]+" width="1200" height="800" alt="A white Lada Vesta NG sedan in a snowy car park" loading="lazy" decoding="async"/?>`));
    assert.match(vestaLabel, /<input type="radio" name="ballot.city-car" value="vesta"\/?><span>Lada Vesta NG<\/span>$/, 'the photo is part of the choice');
    assert.match(nomineeLabel(page.body, 'moskvich-3')!, new RegExp(`<img src="/media/${moskvich.key}/960.jpg"[^>]* alt="Moskvich 3"`), 'no alt given: the nominee\'s name');
    assert.match(nomineeLabel(page.body, 'omoda-c5')!, /^<img class="nominee-photo" src="https:\/\/cdn.example.com\/omoda.jpg" alt="Omoda C5" loading="lazy" decoding="async"\/?>/);
    assert.match(page.body, /<label class="nominee"><input type="radio" name="ballot.suv" value="jolion"\/?>/, 'nominees without a photo stay as they were');
  });

  test('the results page shows the photos beside the names', async () => {
    await confirmedEntry(app, outbox, 'test-prix', 'anna@example.com');
    clock = new Date(CLOSES.getTime() + 1000);
    const page = await app.inject('/grand-prix/test-prix/results');
    assert.equal(page.statusCode, 200);
    const gallery = /<ul class="nominee-gallery">([\s\S]*?)<\/ul>/.exec(page.body)?.[1];
    assert.ok(gallery);
    assert.match(gallery, new RegExp(`<li><picture class="nominee-photo">[\\s\\S]*?/media/${vesta.key}/[\\s\\S]*?alt="A white Lada Vesta NG sedan in a snowy car park"[\\s\\S]*?</picture><span>Lada Vesta NG</span></li>`));
    assert.equal((page.body.match(/<ul class="nominee-gallery">/g) ?? []).length, 1, 'only the category with photos has a gallery');
  });

  test('a campaign naming an image the library does not have, or a malformed reference, is refused naming the field', async () => {
    const missing: Record<string, unknown> = { ...baseCampaignData(), slug: 'other-prix' };
    const jolion = (missing.categories as Array<{ nominees: Array<Record<string, unknown>> }>)[1]!.nominees[1]!;
    jolion.image = `media:${'0'.repeat(64)}`;
    await assert.rejects(importTestCampaign(database.db, missing), (e: unknown) => e instanceof CampaignImportError && e.field === 'categories[1].nominees[1].image' && /is not in the media library/.test(e.message));
    jolion.image = 'media:12';
    await assert.rejects(importTestCampaign(database.db, missing), (e: unknown) => e instanceof CampaignImportError && e.field === 'categories[1].nominees[1].image' && /must be a media library image/.test(e.message));
    assert.equal(await database.db.selectFrom('campaigns').select('id').where('slug', '=', 'other-prix').executeTakeFirst(), undefined, 'nothing stored');
  });
});
