import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { composePlainText } from './compose';

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
  let outboxReady = false;
  // One random value per process plus a counter names every message (Message-ID, file name):
  // unique across instances, and without asking the system for randomness on every mail.
  const instance = crypto.randomBytes(8).toString('hex');
  let sequence = 0;
  return {
    async send(message) {
      const id = `${instance}.${(sequence++).toString(36)}`;
      const raw = composePlainText({ from: options.from, ...message }, { messageId: `<${id}@paddock.outbox>`, date: new Date() });
      if (!outboxReady) fs.mkdirSync(options.outboxDir, { recursive: true });
      outboxReady = true;
      // Sortable by time, unique without coordination between instances.
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${id}.eml`;
      // Written aside and renamed: whoever watches the outbox never reads half a message. The
      // calls are synchronous: a few microseconds each, less than handing them to the thread pool.
      const temp = path.join(options.outboxDir, `.${name}.tmp`);
      fs.writeFileSync(temp, raw);
      fs.renameSync(temp, path.join(options.outboxDir, name));
    },
    close: () => undefined,
  };
}
