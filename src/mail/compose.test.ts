import assert from 'node:assert/strict';
import { test } from 'node:test';
import MailComposer from 'nodemailer/lib/mail-composer';
import { composePlainText, type PlainTextMail } from './compose';

const date = new Date('2026-11-25T01:02:03Z');
const link = 'https://paddock.example/grand-prix/confirm?token=Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5';

const cases: Record<string, PlainTextMail> = {
  'English (quoted-printable), a long line and trailing spaces': {
    from: 'Paddock <no-reply@paddock.local>',
    to: 'anna@example.com',
    subject: 'Confirm your entry: Paddock Grand Prix 2023 — Readers’ Car of the Year',
    text: `Hello Anna,\n\nthank you for voting. Please confirm your entry by opening this link, which is long enough to be wrapped:\n\n${link}\n\nThe link works once.   \nBye`,
  },
  'Russian (base64), with a Cyrillic sender name': {
    from: 'Паддок <no-reply@paddock.local>',
    to: 'vera@example.ru',
    subject: 'Подтвердите участие: Гран-при «Паддока» 2023 — читательский автомобиль года',
    text: `Здравствуйте, Вера!\n\nспасибо за участие в голосовании. Подтвердите его по ссылке:\n\n${link}\n\nСсылка действует один раз.`,
  },
  'a name with quotes and an address with a plus tag': {
    from: '"Paddock, the newsroom" <no-reply@paddock.local>',
    to: 'ivan.petrov+gp@gmail.com',
    subject: 'Your entry code: GP-ABCD-EFGH',
    text: 'Your public entry code is:\n\n    GP-ABCD-EFGH\n',
  },
};

for (const [name, mail] of Object.entries(cases)) {
  test(`a plain-text mail is byte for byte what nodemailer's MailComposer builds: ${name}`, async () => {
    const expected = (await new MailComposer({ ...mail, messageId: '<m1@paddock.outbox>', date, baseBoundary: 'm1' }).compile().build()).toString();
    assert.equal(composePlainText(mail, { messageId: '<m1@paddock.outbox>', date }), expected);
  });
}
