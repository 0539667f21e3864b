import * as base64 from 'nodemailer/lib/base64';
import MimeNode from 'nodemailer/lib/mime-node';
import * as qp from 'nodemailer/lib/qp';

export interface PlainTextMail {
  from: string;
  to: string;
  subject: string;
  text: string;
}

/**
 * A plain-text message as RFC 5322 text, built from nodemailer's own parts: its MimeNode writes
 * and encodes the headers and picks the transfer encoding, its encoders encode the body. It is
 * the message nodemailer's MailComposer builds (compose.test.ts checks that), without the
 * streams MailComposer runs for attachments a text mail never has; those cost ten times more.
 */
export function composePlainText(mail: PlainTextMail, options: { messageId: string; date: Date }): string {
  const node = new MimeNode('text/plain; charset=utf-8', { baseBoundary: options.messageId });
  node.setHeader('From', mail.from);
  node.setHeader('To', mail.to);
  node.setHeader('Subject', mail.subject);
  node.setHeader('Message-ID', options.messageId);
  node.setHeader('Date', options.date);
  node.setContent(mail.text);
  const encoding = node.getTransferEncoding();
  // MailComposer ends an encoded body with a line break and leaves a plain one as it is.
  const body =
    encoding === 'base64' ? `${base64.wrap(base64.encode(mail.text), 76)}\r\n` : encoding === 'quoted-printable' ? `${qp.wrap(qp.encode(mail.text), 76)}\r\n` : mail.text;
  return `${node.buildHeaders()}\r\n\r\n${body}`;
}
