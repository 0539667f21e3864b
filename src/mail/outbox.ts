import { CompiledQuery, sql, type Kysely, type Transaction } from 'kysely';
import { passingOverLeased } from '../db/lease';
import { onPostgres, preparedQuery } from '../db/prepared';
import type { Database } from '../db/schema';
import type { MailMessage } from './mailer';

type Db = Kysely<Database> | Transaction<Database>;

export interface QueuedMail extends MailMessage {
  id: number;
  attempts: number;
}

/** A delivery that has not finished within this time is taken to have died: the mail is offered again. */
export const LEASE_MS = 5 * 60_000;
/** After this many failed deliveries a mail is given up (kept with its last error, for the operator). */
export const MAX_ATTEMPTS = 10;

/** Wait before the next try: 30 s, doubling, at most an hour (ten tries span about six hours). */
export const retryDelayMs = (attempts: number) => Math.min(3600_000, 30_000 * 2 ** Math.max(0, attempts - 1));

const UNNESTED_INSERT = 'insert into mail_outbox (to_address, subject, body_text, created_at) select * from unnest($1::text[], $2::text[], $3::text[], $4::text[])';

/**
 * The transactional mail outbox (see migration 006): mail is queued inside the caller's
 * transaction and delivered afterwards by mail/delivery.ts, at least once.
 */
export function mailOutbox(db: Kysely<Database>) {
  // Every entry queues two mails: compiled once (db/prepared.ts).
  const insert = preparedQuery(db, ['to', 'subject', 'text', 'createdAt'], (q, v) =>
    q.insertInto('mail_outbox').values({ to_address: v.to, subject: v.subject, body_text: v.text, created_at: v.createdAt }),
  );
  const enqueue = async (trx: Db, message: MailMessage, now: Date): Promise<void> => {
    await insert(trx, { to: message.to, subject: message.subject, text: message.text, createdAt: now.toISOString() });
  };
  return {
    enqueue,

    /**
     * Queues several mails. On PostgreSQL in one statement whatever their number (the columns go as
     * arrays and are unnested), so a group commit's mails cost one round trip (db/group-commit.ts
     * `gather`); SQLite runs in process, where a statement per mail costs no round trip.
     */
    async enqueueAll(trx: Db, mails: ReadonlyArray<{ message: MailMessage; now: Date }>): Promise<void> {
      if (!onPostgres(trx)) {
        for (const { message, now } of mails) await enqueue(trx, message, now);
        return;
      }
      const column = (pick: (mail: { message: MailMessage; now: Date }) => string) => mails.map(pick);
      await trx.executeQuery(
        CompiledQuery.raw(UNNESTED_INSERT, [column((m) => m.message.to), column((m) => m.message.subject), column((m) => m.message.text), column((m) => m.now.toISOString())]),
      );
    },

    /**
     * Takes up to `limit` mails due now, oldest first, and leases them so no other deliverer takes
     * them meanwhile. On PostgreSQL the rows another deliverer is leasing are passed over (db/lease.ts);
     * the due condition is repeated outside the subquery all the same, so a row leased between the
     * two reads is never taken twice.
     */
    async claim(now: Date, limit: number): Promise<QueuedMail[]> {
      const at = now.toISOString();
      const due = passingOverLeased(
        db,
        db
          .selectFrom('mail_outbox')
          .select('id')
          .where('failed_at', 'is', null)
          .where((eb) => eb.or([eb('not_before', 'is', null), eb('not_before', '<=', at)]))
          .orderBy('id')
          .limit(limit),
      );
      const rows = await db
        .with('due', () => due)
        .updateTable('mail_outbox')
        .set((eb) => ({
          not_before: new Date(now.getTime() + LEASE_MS).toISOString(),
          attempts: eb('attempts', '+', 1),
          // A mail whose every delivery died with its deliverer (no failed() call) is given up too.
          failed_at: eb.case().when('attempts', '>=', MAX_ATTEMPTS).then(at).else(null).end(),
        }))
        .where('failed_at', 'is', null)
        .where((eb) => eb.or([eb('not_before', 'is', null), eb('not_before', '<=', at)]))
        .where('id', 'in', (eb) => eb.selectFrom('due').select('due.id'))
        .returning(['id', 'to_address', 'subject', 'body_text', 'attempts', 'failed_at'])
        .execute();
      return rows
        .filter((r) => r.failed_at === null)
        .sort((a, b) => a.id - b.id)
        .map((r) => ({ id: r.id, to: r.to_address, subject: r.subject, text: r.body_text, attempts: r.attempts }));
    },

    /** Delivered: gone, and the link it carried with it. */
    async delivered(ids: number[]): Promise<void> {
      if (ids.length > 0) await db.deleteFrom('mail_outbox').where('id', 'in', ids).execute();
    },

    /** Not delivered: try again later, or give up after MAX_ATTEMPTS. */
    async failed(mail: QueuedMail, error: string, now: Date): Promise<void> {
      const givingUp = mail.attempts >= MAX_ATTEMPTS;
      await db
        .updateTable('mail_outbox')
        .set({
          last_error: error.slice(0, 500),
          not_before: new Date(now.getTime() + retryDelayMs(mail.attempts)).toISOString(),
          failed_at: givingUp ? now.toISOString() : null,
        })
        .where('id', '=', mail.id)
        .execute();
    },

    /**
     * The outbox is a queue: each mail leaves three dead row versions on PostgreSQL (queued, leased,
     * deleted), thousands a second in a busy vote, and every claim reads past what is left of them.
     * Autovacuum clears them minutes later or, where it is switched off (as on our test server),
     * never: then the table only grows and, never analysed, is scanned whole by every claim (seen in
     * bench:vote: 3,900 pages per claim after 10,000 mails, and entries/s falling pass by pass). The
     * deliverer vacuums it itself every so often (mail/delivery.ts); SQLite reuses deleted space.
     */
    async reclaim(): Promise<void> {
      if (onPostgres(db)) await sql`vacuum (analyze) mail_outbox`.execute(db);
    },

    /** What an operator looks at: mails waiting, and mails given up. */
    async counts(): Promise<{ waiting: number; failed: number }> {
      const rows = await db
        .selectFrom('mail_outbox')
        .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.count<number | string>('failed_at').as('failed')])
        .executeTakeFirstOrThrow();
      return { waiting: Number(rows.n) - Number(rows.failed), failed: Number(rows.failed) };
    },
  };
}

export type MailOutbox = ReturnType<typeof mailOutbox>;
