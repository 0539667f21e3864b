import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { captureIo } from '../../test/support/capture-io';
import { forEachEngine, type TestDatabase } from '../../test/support/engines';
import { cameraJpeg, scratchDir, transparentPng } from '../../test/support/images';
import { runMediaCommand, MediaUsageError } from './cli';
import { createMediaLibrary } from './library';
import { localStorage } from './local-storage';

forEachEngine('paddock media add', (open) => {
  let database: TestDatabase;
  const scratch = scratchDir();
  before(async () => {
    database = await open();
  });
  after(async () => {
    await database.close();
    scratch.remove();
  });
  const run = async (...args: string[]) => {
    const media = createMediaLibrary({ db: database.db, storage: localStorage(path.join(scratch.dir, 'media')), limits: { maxBytes: 25 * 1024 * 1024, maxPixels: 50_000_000 } });
    const c = captureIo();
    const code = await runMediaCommand(media, args, c.io, { siteUrl: 'https://paddock.example/' });
    return { code, stdout: c.stdout(), stderr: c.stderr() };
  };

  test('prints the id and URL of each image, and what is wrong with each bad file; exit 1 if any failed', async () => {
    const photo = scratch.file('photo.jpg', await cameraJpeg());
    const logo = scratch.file('logo.png', await transparentPng(400, 200));
    const text = scratch.file('notes.jpg', 'just text');
    const result = await run('add', photo, text, logo, path.join(scratch.dir, 'missing.jpg'), '--alt', 'Test picture', '--credit', 'Paddock');
    assert.equal(result.code, 1);
    const lines = result.stdout.trim().split('\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0]!, /photo\.jpg: added #\d+ 200×300 https:\/\/paddock\.example\/media\/[0-9a-f]{64}\/original\.jpg$/);
    assert.match(lines[1]!, /logo\.png: added #\d+ 400×200 https:\/\/paddock\.example\/media\/[0-9a-f]{64}\/original\.png$/);
    assert.match(result.stderr, /paddock: “notes\.jpg” is not an image: upload a JPEG, PNG/);
    assert.match(result.stderr, /paddock: .*missing\.jpg: no such file/);
    const rows = await database.db.selectFrom('media').select(['alt', 'credit', 'created_by']).execute();
    assert.deepEqual(rows, [
      { alt: 'Test picture', credit: 'Paddock', created_by: 'cli' },
      { alt: 'Test picture', credit: 'Paddock', created_by: 'cli' },
    ]);

    const again = await run('add', photo);
    assert.equal(again.code, 0);
    assert.match(again.stdout, /photo\.jpg: already in the library as #\d+/);
  });

  test('mistakes in the command are usage errors', async () => {
    await assert.rejects(run('add'), MediaUsageError);
    await assert.rejects(run('list'), /unknown media subcommand "list"/);
    await assert.rejects(run('add', 'x.jpg', '--title', 'x'), /Unknown option '--title'/);
  });
});
