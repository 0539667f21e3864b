import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/**
 * SMTP when SMTP_URL is set, else a file outbox: each message becomes an `.eml` file, which is
 * what a developer (and the browser test) opens to follow a confirmation link.
 */
export interface MailerOptions {
  smtpUrl?: string | undefined;
  outboxDir: string;
  from: string;
}

export function createMailer(options: MailerOptions): Mailer {
  if (options.smtpUrl) {
    const transport = nodemailer.createTransport(options.smtpUrl);
    return {
      async send(message) {
        await transport.sendMail({ from: options.from, ...message });
      },
      close: () => transport.close(),
    };
  }
  let outboxReady: Promise<unknown> | null = null;
  return {
    async send(message) {
      // The composer alone (no transport plugins) builds the same RFC 5322 message at half the cost.
      const raw = await new MailComposer({ from: options.from, ...message }).compile().build();
      outboxReady ??= fs.mkdir(options.outboxDir, { recursive: true });
      await outboxReady;
      // Sortable by time, unique without coordination between instances.
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${crypto.randomBytes(4).toString('hex')}.eml`;
      // Written aside and renamed: whoever watches the outbox never reads half a message.
      const temp = path.join(options.outboxDir, `.${name}.tmp`);
      await fs.writeFile(temp, raw);
      await fs.rename(temp, path.join(options.outboxDir, name));
    },
    close: () => undefined,
  };
}
