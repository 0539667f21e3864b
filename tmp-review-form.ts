import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path';
import { buildApp } from './src/app';
import { loadConfig } from './src/config';
import { createDatabase } from './src/db/database';
import { migrate } from './src/db/migrate';
import { loadDemoContentIfEmpty, loadDemoCampaignIfNone } from './src/demo-content';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rv-'));
const config = loadConfig({ PADDOCK_DEMO: '1', LOG_LEVEL: 'silent', SITE_URL: 'http://paddock.test', PADDOCK_POW: process.env.POW ?? 'off', ENTRY_RATE_LIMIT: '0', MAIL_OUTBOX: dir + '/out', DATABASE_URL: `sqlite:${dir}/t.sqlite` });
const database = await createDatabase(config.DATABASE_URL); await migrate(database);
const sent: any[] = [];
let clock = Date.now();
const app = await buildApp({ config, database, logger: false, now: () => new Date(clock), mailer: { send: async (m) => { sent.push(m); }, close() {} } });
await loadDemoContentIfEmpty(database, config, () => {}); await loadDemoCampaignIfNone(database, config, new Date(), () => {});
const C = 'grand-prix-2023';
const page = await app.inject({ url: `/grand-prix/${C}` });
const cookie = page.cookies.map((c: any) => `${c.name}=${c.value}`).join('; ');
const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
const started = /name="started" value="([^"]+)"/.exec(page.body)![1]!;
clock += 5000;
const base = `_csrf=${encodeURIComponent(csrf)}&name=Ann&email=ann%40example.com&adult=on&consent=on&ballot.city-car=moskvich-3&answers.q-buy-plans=new&answers.q-brands=lada&answers.q-recommend=5`;
const cases: [string, string][] = [
 ['ok', base + `&started=${encodeURIComponent(started)}`],
 ['started-unicode', base + `&started=1.${'é'.repeat(22)}`],
 ['started-array', base + `&started=${encodeURIComponent(started)}&started=x`],
 ['email-array', base.replace('email=ann%40example.com', 'email=b%40example.com&email=c%40example.com') + `&started=${encodeURIComponent(started)}`],
 ['name-array', base.replace('name=Ann', 'name=A&name=B') + `&started=${encodeURIComponent(started)}`],
 ['proto', base + `&started=${encodeURIComponent(started)}&ballot.__proto__=x&ballot.__proto__=y`],
 ['proto2', base + `&started=${encodeURIComponent(started)}&answers.__proto__=x&answers.__proto__=y`],
 ['website-array', base + `&started=${encodeURIComponent(started)}&website=a&website=b`],
 ['altcha-array', base + `&started=${encodeURIComponent(started)}&altcha=a&altcha=b`],
 ['csrf-array', base.replace('_csrf=', '_csrf=x&_csrf=') + `&started=${encodeURIComponent(started)}`],
 ['nul', base.replace('name=Ann', 'name=A%00nn') + `&started=${encodeURIComponent(started)}`],
 ['q-wish-array', base + `&started=${encodeURIComponent(started)}&answers.q-wish=a&answers.q-wish=b`],
];
for (const [label, payload] of cases) {
  const r = await app.inject({ method: 'POST', url: `/grand-prix/${C}`, headers: { 'content-type': 'application/x-www-form-urlencoded', cookie }, payload });
  const err = /class="[^"]*error[^"]*"[^>]*>([^<]{0,150})/.exec(r.body)?.[1];
  console.log(label, r.statusCode, err ?? r.body.slice(0, 120).replace(/\s+/g, ' '));
}
console.log('sent', sent.length, sent.map((m) => m.to));
// JSON to the form route with csrf header
const r = await app.inject({ method: 'POST', url: `/grand-prix/${C}`, headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf }, payload: JSON.stringify({ name: 'x', email: { a: 1 }, started, ballot: 1 }) });
console.log('json-form', r.statusCode, r.body.slice(0, 200));
const r2 = await app.inject({ method: 'POST', url: `/grand-prix/${C}`, headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf }, payload: JSON.stringify({ name: 'x', email: 'zz@example.com', started, adult: true, consent: true, 'ballot.city-car': ['moskvich-3'], 'answers.q-buy-plans': 'new', 'answers.q-brands': 'lada', 'answers.q-recommend': 5, website: 5 }) });
console.log('json-form2', r2.statusCode, r2.body.slice(0, 200));
const r3 = await app.inject({ method: 'POST', url: `/grand-prix/${C}`, headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf }, payload: 'null' });
console.log('json-null', r3.statusCode, r3.body.slice(0, 200));
const r4 = await app.inject({ method: 'POST', url: `/grand-prix/${C}`, headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf }, payload: JSON.stringify({ name: 'x', email: 'zz@example.com', started, 'ballot.city-car': { toString: 1 } }) });
console.log('json-obj', r4.statusCode, r4.body.slice(0, 200));
await app.close(); await database.close();
