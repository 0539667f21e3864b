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
const app = await buildApp({ config, database, logger: false, mailer: { send: async (m) => { sent.push(m); }, close() {} } });
await loadDemoContentIfEmpty(database, config, () => {}); await loadDemoCampaignIfNone(database, config, new Date(), () => {});
const slugRow = await database.db.selectFrom('articles').select('slug').executeTakeFirst();
const camp = await database.db.selectFrom('campaigns').select('slug').executeTakeFirst();
const A = slugRow!.slug, C = camp!.slug;
console.log('article', A, 'campaign', C);
const urls = [
 '/', '/?page=2', '/?page=0', '/?page=-1', '/?page=abc', '/?page=1&page=2', '/?page[]=1', '/?page=99999999999999999999', '/?page=1e308', '/?page=%00',
 `/news/${A}`, `/news/${A}?x=%00`, '/news/%00', '/news/%E0%A4%A', '/news/' + 'a'.repeat(400), '/news/' + 'a'.repeat(290), '/news/%F0%9F%98%80',
 `/news/${A}/summary`, '/news/nope/summary', `/api/v1/articles/${A}/summary`, '/api/v1/articles/nope/summary', `/api/v1/articles/%00/summary`,
 '/rubric/x', '/rubric/%00', '/rubric/reviews?page=abc', '/rubric/reviews?page=1&page=2', '/tag/x?page[]=1', '/tag/%ff', '/tag/' + 'é'.repeat(200),
 '/feed.xml', '/feed.xml?x=1', '/search', '/search?q=', '/search?q=%00', '/search?q=a&q=b', '/search?q=' + 'x'.repeat(5000), '/search?q="', '/search?q=*', '/search?q=AND', '/search?q=-', '/search?q=a%22b',
 `/api/v1/campaigns/${C}`, '/api/v1/campaigns/%00', `/api/v1/campaigns/${C}/results`, `/api/v1/campaigns/${C}/draw`, '/api/v1/campaigns/nope/draw', '/api/v1/altcha/challenge',
 `/grand-prix/${C}`, `/grand-prix/${C}/rules`, `/grand-prix/${C}/results`, `/grand-prix/${C}/draw`, `/grand-prix/${C}/draw?code=abc`, `/grand-prix/${C}/draw?code=a&code=b`, `/grand-prix/${C}/draw?code[]=a`, `/grand-prix/${C}/draw?code=%00`,
 '/grand-prix/confirm', '/grand-prix/confirm?token=abc', '/grand-prix/confirm?token=a&token=b', '/grand-prix/confirm?token[]=x', '/grand-prix/confirm?token=' + 'A'.repeat(40), '/grand-prix/confirm?token=%00',
 '/admin/login', '/admin/login?next=//evil.com', '/admin/login?next=a&next=b', '/admin/login?next[]=x', '/admin/login?error=1&error=2', '/admin/set-password', '/admin/set-password?token=a&token=b', '/admin/set-password?token[]=x', '/admin', '/admin/articles', '/admin/api/me',
 '/static/site.css', '/static/../package.json', '/static/%2e%2e/package.json', '/static/demo/%00', '/healthz', '/nope', '/api/nope',
];
for (const url of urls) {
  for (const accept of ['text/html', 'application/json']) {
    const r = await app.inject({ method: 'GET', url, headers: { accept } });
    if (r.statusCode >= 500 || process.env.V) console.log(r.statusCode, 'GET', url.slice(0, 80), accept, r.body.slice(0, 200).replace(/\s+/g, ' '));
  }
}
const bodies: [string, any, string][] = [
 ['application/json', 'null', 'null'], ['application/json', '[]', 'arr'], ['application/json', '1', 'num'], ['application/json', '"x"', 'str'], ['application/json', '{', 'bad'],
 ['application/json', '{"name":1,"email":[],"ballot":{"city-car":["a","b"]},"answers":{"q-buy-plans":{"a":1}}}', 'types'],
 ['application/json', JSON.stringify({ name: 'a', email: 'x@example.com', adult: true, consent: true, ballot: { 'city-car': 'moskvich-3' }, answers: { 'q-buy-plans': 'new', 'q-brands': ['lada'], 'q-recommend': 5, 'q-wish': 'x'.repeat(100), 'q-budget': 1e400 } }), 'valid-ish'],
 ['application/json', JSON.stringify({ name: 'a', email: 'a'.repeat(5000) + '@example.com', adult: true, consent: true, ballot: { 'city-car': 'moskvich-3' }, answers: { 'q-buy-plans': 'new', 'q-brands': ['lada'], 'q-recommend': 5 } }), 'longemail'],
 ['application/json', JSON.stringify({ name: 'a', email: 'x@example.com', adult: true, consent: true, ballot: { 'city-car': 'moskvich-3' }, answers: { 'q-buy-plans': 'new', 'q-brands': ['lada'], 'q-recommend': 5, 'q-wish': 5 } }), 'wishnum'],
 ['application/json', JSON.stringify({ name: 'a', email: 'x@example.com', adult: true, consent: true, ballot: { 'city-car': 'moskvich-3' }, answers: { 'q-buy-plans': 'new', 'q-brands': ['lada'], 'q-recommend': 5 }, altcha: { x: 1 } }), 'altchaobj'],
 ['application/json', JSON.stringify({ name: 'a', email: 'x@example.com', adult: true, consent: true, ballot: { 'city-car': 'moskvich-3' }, answers: { 'q-buy-plans': 'new', 'q-brands': [null], 'q-recommend': [5] } }), 'arrnull'],
 ['application/json', '{"name":"a","email":"x@example.com","ballot":{"constructor":"x","toString":"y"},"answers":{"hasOwnProperty":"z"}}', 'protoKeys'],
 ['application/json', '{"__proto__":{"x":1}}', 'proto'],
 ['text/plain', 'hello', 'plain'], ['application/x-www-form-urlencoded', 'name=a&name=b&email=x%40y.com&ballot.city-car=moskvich-3', 'form'],
 ['application/xml', '<a/>', 'xml'],
];
const posts = [`/api/v1/campaigns/${C}/entries`, '/api/v1/campaigns/nope/entries', '/api/v1/entries/confirm', `/grand-prix/${C}`, '/admin/login', '/admin/set-password', '/admin/logout'];
for (const url of posts) for (const [ct, payload, label] of bodies) {
  const r = await app.inject({ method: 'POST', url, headers: { 'content-type': ct }, payload });
  if (r.statusCode >= 500 || process.env.V) console.log(r.statusCode, 'POST', url, label, r.body.slice(0, 200).replace(/\s+/g, ' '));
}
for (const h of [{ 'idempotency-key': 'é' }, { 'idempotency-key': ['a', 'b'] as any }]) {
  const r = await app.inject({ method: 'POST', url: `/api/v1/campaigns/${C}/entries`, headers: { 'content-type': 'application/json', ...h }, payload: '{}' });
  console.log('idem', r.statusCode, r.body.slice(0, 150));
}
console.log('sent', sent.length);
await app.close(); await database.close();
