import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { createMailer } from './mailer';

test('with SMTP_URL the mailer delivers through a real SMTP server', async () => {
  const received: Array<{ from: string; to: string[]; data: string }> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let data = '';
      stream.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
      stream.on('end', () => {
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), data });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  const mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${port}/?ignoreTLS=true`, outboxDir: '/nonexistent', from: 'Paddock <no-reply@paddock.test>' });
  try {
    await mailer.send({ to: 'reader@example.com', subject: 'Confirm your entry', text: 'Open https://paddock.test/grand-prix/confirm?token=abc' });
    assert.equal(received.length, 1);
    assert.deepEqual(received[0]!.to, ['reader@example.com']);
    assert.equal(received[0]!.from, 'no-reply@paddock.test');
    assert.match(received[0]!.data, /Subject: Confirm your entry/);
    assert.match(received[0]!.data.replace(/=\r?\n/g, ''), /confirm\?token=3Dabc|confirm\?token=abc/);
  } finally {
    mailer.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
