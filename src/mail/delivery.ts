import type { Mailer } from './mailer';
import type { MailOutbox } from './outbox';

export interface DeliveryLog {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface MailDelivery {
  /** New mail was queued: deliver soon. Calls while a round runs are folded into one more round. */
  nudge(): void;
  /** Delivers everything due now; resolves when the outbox has nothing due. */
  drain(): Promise<void>;
  /** Stops polling and waits for the round in progress. */
  stop(): Promise<void>;
}

const BATCH = 64;
/** Mails delivered between two vacuums of the outbox (outbox.ts `reclaim`): a few milliseconds' work each time. */
const RECLAIM_EVERY = 5000;
/** Mail queued by another instance, or due for a retry, is picked up within this time. */
const POLL_MS = 2000;

/**
 * Delivers the outbox through a transport (file outbox or SMTP), a batch at a time, until nothing
 * is due. Runs wherever it is started: in the server's mail thread (mail/delivery-thread.ts), in
 * process for tests, or once from the CLI.
 */
export function mailDelivery(options: { outbox: MailOutbox; transport: Mailer; log: DeliveryLog; now?: () => Date; poll?: boolean; reclaimEvery?: number }): MailDelivery {
  const { outbox, transport, log } = options;
  const reclaimEvery = options.reclaimEvery ?? RECLAIM_EVERY;
  const now = options.now ?? (() => new Date());
  let round: Promise<void> | null = null;
  let requested = false;
  let stopped = false;
  let deliveredSinceReclaim = 0;

  async function deliverBatch(): Promise<number> {
    const mails = await outbox.claim(now(), BATCH);
    const delivered: number[] = [];
    await Promise.all(
      mails.map(async (mail) => {
        try {
          await transport.send({ to: mail.to, subject: mail.subject, text: mail.text });
          delivered.push(mail.id);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          // The address is personal data and the body holds a link: log neither.
          log.warn({ mail: mail.id, attempts: mail.attempts, err: message }, 'mail not delivered: will retry');
          await outbox.failed(mail, message, now());
        }
      }),
    );
    await outbox.delivered(delivered);
    deliveredSinceReclaim += delivered.length;
    if (deliveredSinceReclaim >= reclaimEvery) {
      deliveredSinceReclaim = 0;
      // Only housekeeping: delivery goes on without it.
      await outbox.reclaim().catch((error: unknown) => log.warn({ err: error instanceof Error ? error.message : String(error) }, 'mail outbox vacuum failed'));
    }
    return mails.length;
  }

  // Runs until no drain was asked for since its last look at the outbox. Between that last look
  // and `round = null` nothing awaits, so a request can never fall between two rounds.
  async function rounds(): Promise<void> {
    try {
      while (requested && !stopped) {
        requested = false;
        while (!stopped && (await deliverBatch()) === BATCH);
      }
    } catch (error) {
      log.error({ err: error instanceof Error ? error.message : String(error) }, 'mail delivery round failed: retrying on the next poll');
    } finally {
      round = null;
    }
  }

  function drain(): Promise<void> {
    requested = true;
    round ??= rounds();
    return round;
  }

  const timer = options.poll === false ? null : setInterval(() => void drain(), POLL_MS);
  timer?.unref();

  return {
    nudge: () => void drain(),
    drain,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await round;
    },
  };
}
