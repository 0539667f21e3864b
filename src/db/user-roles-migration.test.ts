import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { engineNames, openTestDatabase } from '../../test/support/engines';
import { migrate } from './migrate';

for (const engine of engineNames()) {
  describe(`migration 019: contributors and a language per person [${engine}]`, () => {
    test('people, their sessions and set-password tokens survive; the new role and languages are accepted, others refused', async () => {
      const database = await openTestDatabase(engine, '018-preview-links');
      const { db } = database;
      try {
        const at = '2026-12-01T10:00:00.000Z';
        const { id } = await db
          .insertInto('users')
          .values({ email: 'ed@example.com', role: 'editor', password_hash: 'scrypt$x', disabled: 0, created_at: at, updated_at: at } as never)
          .returning('id')
          .executeTakeFirstOrThrow();
        await db.insertInto('sessions').values({ id_hash: 'h1', user_id: id, created_at: at, last_seen_at: at, expires_at: at }).execute();
        await db.insertInto('password_tokens').values({ token_hash: 't1', user_id: id, created_at: at, expires_at: at, used_at: null }).execute();

        assert.deepEqual(await migrate(database, '019-user-language-and-contributors'), ['019-user-language-and-contributors']);

        const user = await db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
        assert.deepEqual([user.id, user.email, user.role, user.password_hash, user.lang], [id, 'ed@example.com', 'editor', 'scrypt$x', null]);
        assert.equal((await db.selectFrom('sessions').select('user_id').execute()).length, 1);
        assert.equal((await db.selectFrom('password_tokens').select('user_id').execute()).length, 1);

        const row = (email: string, role: string) => ({ email, role, password_hash: null, disabled: 0, created_at: at, updated_at: at, lang: 'ru' }) as never;
        await db.insertInto('users').values(row('writer@example.com', 'contributor')).execute();
        await assert.rejects(db.insertInto('users').values(row('root@example.com', 'root')).execute());
        // Deleting the person still takes their sessions with them: the foreign keys point at the new table.
        await db.deleteFrom('users').where('id', '=', id).execute();
        assert.equal((await db.selectFrom('sessions').select('user_id').execute()).length, 0);
      } finally {
        await database.close();
      }
    });
  });
}
