import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { articleInput } from '../../test/support/articles';
import { forEachEngine, type TestDatabase } from '../../test/support/engines';
import { recomputeSummaries } from './recompute-summaries';
import { articlesRepository } from './repository';

const BODY = [
  'KAMAZ has set up a passenger-car division, the truck maker said on Tuesday. The division will report to the chief executive.',
  'Its first task is the Moskvich plant in Moscow, which KAMAZ will run under a contract with the city. The plant stood idle last year.',
  'The Kama-1 electric hatchback is the first model planned for the plant. It has a range of 250 kilometres and seats four.',
  'KAMAZ expects the Kama-1 to reach buyers in 2026. Dealers in Tatarstan and Moscow will sell it first.',
].join('\n\n');

forEachEngine('recomputing stored summaries', (open) => {
  let database: TestDatabase;
  before(async () => {
    database = await open();
  });
  after(async () => {
    await database.close();
  });

  test('an outdated summary is recomputed as a new revision and audited; an edited one is kept; a second run changes nothing', async () => {
    const repo = articlesRepository(database);
    const stale = (await repo.save(articleInput({ slug: 'kamaz-cars', title: 'KAMAZ goes into passenger cars', bodyMd: BODY }))).article;
    const edited = (await repo.save(articleInput({ slug: 'kamaz-edited', title: 'KAMAZ, edited', bodyMd: BODY }))).article;
    // As if computed by an older model that found nothing to say.
    const old = { points: [], lang: 'en' };
    await repo.setSummary(stale.id, old, false);
    await repo.setSummary(edited.id, old, true);
    const before = (await repo.findById(stale.id))!;

    const now = new Date('2026-12-01T12:00:00Z');
    assert.deepEqual(await recomputeSummaries(database, 'cli', now), { checked: 2, changed: 1, edited: 1 });
    const after = (await repo.findById(stale.id))!;
    assert.equal(after.revision, before.revision + 1, 'a new revision');
    assert.deepEqual(after.summary!.points, stale.summary!.points, 'the current model’s points');
    assert.ok(after.summary!.points.length > 0);
    assert.equal(after.summaryEdited, false);
    assert.deepEqual((await repo.findById(edited.id))!.summary, old, 'the newsroom’s choice stays');
    const audits = await database.db.selectFrom('audit_log').select(['actor', 'target']).where('action', '=', 'summary.recompute').execute();
    assert.deepEqual(audits, [{ actor: 'cli', target: `article:${stale.id}` }]);

    assert.deepEqual(await recomputeSummaries(database, 'cli', now), { checked: 2, changed: 0, edited: 1 });
  });
});
