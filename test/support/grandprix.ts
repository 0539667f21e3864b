import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { stringify } from 'yaml';
import type { Database } from '../../src/db/schema';
import type { MailDelivery } from '../../src/mail/delivery';
import { importCampaign } from '../../src/grandprix/campaign-import';
import { formSession } from './forms';
import { baseCampaignData } from './grandprix-fixtures';

/** Opens 2023-01-10 00:00 and closes 2023-02-28 00:00 Moscow time (UTC+3). */
export const OPENS = new Date('2023-01-09T21:00:00Z');
export const CLOSES = new Date('2023-02-27T21:00:00Z');
export const DURING = new Date('2023-02-01T12:00:00Z');

export async function importTestCampaign(db: Kysely<Database>, overrides: Record<string, unknown> = {}, now = new Date('2023-01-01T00:00:00Z')) {
  return importCampaign(db, stringify({ ...baseCampaignData(), ...overrides }), now);
}

/** A valid entry for the test campaign; tests override what they are about. */
export function validEntry(overrides: Record<string, unknown> = {}) {
  return {
    name: 'Anna Petrova',
    email: 'anna@example.com',
    adult: true,
    consent: true,
    ballot: { 'city-car': 'vesta', suv: 'jolion' },
    answers: { 'q-plans': 'yes', 'q-rate': 8, 'q-brands': ['lada', 'kia'], 'q-age': 34 },
    ...overrides,
  };
}

/** Sends an entry through the public API, as the ballot's script does. */
export function postEntry(app: FastifyInstance, body: unknown, options: { slug?: string; headers?: Record<string, string>; remoteAddress?: string } = {}) {
  return app.inject({
    method: 'POST',
    url: `/api/v1/campaigns/${options.slug ?? 'test-prix'}/entries`,
    payload: body as object,
    headers: options.headers ?? {},
    ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
  });
}

/** Confirms an entry through the public API with the token from its mail. */
export function confirmEntry(app: FastifyInstance, token: string) {
  return app.inject({ method: 'POST', url: '/api/v1/entries/confirm', payload: { token } });
}

/** Submits and confirms an entry the way a reader does; returns its public code. */
export async function confirmedEntry(app: FastifyInstance, outbox: string, slug: string, email: string, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await postEntry(app, validEntry({ email, ...overrides }), { slug });
  if (res.statusCode !== 202) throw new Error(`entry ${email} refused: ${res.statusCode} ${res.body}`);
  const confirmed = await confirmEntry(app, await confirmationToken(app, outbox, email));
  if (confirmed.statusCode !== 200) throw new Error(`confirmation of ${email} failed: ${confirmed.body}`);
  return (confirmed.json() as { entry_code: string }).entry_code;
}

export function tempOutbox(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'paddock-outbox-'));
}

/** Reads the outbox the real file mailer wrote: the messages to an address, oldest first. */
export function outboxMessages(dir: string, to: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((f) => decodeMessage(fs.readFileSync(path.join(dir, f), 'utf8')))
    .filter((m) => new RegExp(`^To: .*${to.replace(/[.+]/g, '\\$&')}`, 'mi').test(m));
}

/**
 * A mail's Subject as a person reads it: the header unfolded and its encoded words (RFC 2047, B or
 * Q) decoded together, so a character split between two words comes out whole.
 */
export function mailSubject(message: string): string {
  const head = message.split(/\r?\n\r?\n/)[0]!;
  const folded = /^Subject: (.*(?:\r?\n[ \t].*)*)/m.exec(head)?.[1] ?? '';
  const words = [...folded.matchAll(/=\?UTF-8\?([BQ])\?([^?]*)\?=/gi)];
  if (words.length === 0) return folded.trim();
  const bytes = (kind: string, data: string) =>
    kind.toUpperCase() === 'B' ? Buffer.from(data, 'base64') : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
  return Buffer.concat(words.map((w) => bytes(w[1]!, w[2]!))).toString('utf8');
}

/** Mail is delivered after the request that queued it: wait for the app's delivery, then read. */
export async function deliveredMessages(app: { mailDelivery: MailDelivery }, dir: string, to: string): Promise<string[]> {
  await app.mailDelivery.drain();
  return outboxMessages(dir, to);
}

/** The confirmation token from the newest confirmation mail to this address. */
export async function confirmationToken(app: { mailDelivery: MailDelivery }, dir: string, to: string): Promise<string> {
  const mails = (await deliveredMessages(app, dir, to)).filter((m) => /confirm\?token=/.test(m));
  const last = mails[mails.length - 1];
  const match = last ? /confirm\?token=([A-Za-z0-9_-]+)/.exec(last) : null;
  if (!match) throw new Error(`no confirmation mail to ${to}`);
  return match[1]!;
}

/**
 * A single-part message with its body decoded: nodemailer sends mostly-ASCII text (English)
 * quoted-printable and mostly-Cyrillic text (Russian) base64.
 */
export function decodeMessage(raw: string): string {
  const split = raw.search(/\r?\n\r?\n/);
  const head = split < 0 ? raw : raw.slice(0, split);
  const body = split < 0 ? '' : raw.slice(split).trimStart();
  if (/^Content-Transfer-Encoding: base64/im.test(head)) return `${head}\n\n${Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')}`;
  if (/^Content-Transfer-Encoding: quoted-printable/im.test(head)) {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return `${head}\n\n${Buffer.from(bytes, 'latin1').toString('utf8')}`;
  }
  return raw;
}

/** Opens the ballot like a browser: the CSRF cookie and the form's hidden fields. */
export async function openBallot(app: FastifyInstance, url = '/grand-prix/test-prix') {
  const page = await app.inject(url);
  if (page.statusCode !== 200) throw new Error(`ballot page answered ${page.statusCode}`);
  const { cookie, csrf } = formSession(page);
  const started = /name="started" value="([^"]+)"/.exec(page.body)![1]!;
  return { page, cookie, csrf, started };
}
