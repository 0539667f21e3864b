// Child process for bench:http: a bare node:http server answering with the same bytes as the app's pages.
import fs from 'node:fs';
import http from 'node:http';

const pages = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')) as Record<string, string>;
const bodies = new Map(Object.entries(pages).map(([url, body]) => [url, Buffer.from(body)]));
const server = http.createServer((req, res) => {
  const body = bodies.get(req.url ?? '/');
  if (!body) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => {
  const addr = server.address() as { port: number };
  process.stdout.write(`${JSON.stringify({ address: `http://127.0.0.1:${addr.port}` })}\n`);
});
