// Child process for bench:http: Fastify with no plugins answering with the same bytes, to show
// how much of the gap to bare node:http is the framework itself.
import fs from 'node:fs';
import Fastify from 'fastify';

const pages = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')) as Record<string, string>;
const app = Fastify({ logger: false });
for (const [url, body] of Object.entries(pages)) app.get(url, (_req, reply) => reply.type('text/html; charset=utf-8').send(body));
const address = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`${JSON.stringify({ address })}\n`);
