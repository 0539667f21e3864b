import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { Refusal } from '../errors';
import { resolveTarget } from './address-guard';
import { REQUEST_TIMEOUT_MS } from './events';
import type { AttemptOutcome } from './store';

export interface WebhookRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
}

export type WebhookSender = (request: WebhookRequest) => Promise<AttemptOutcome>;

/** How much of a receiver's answer the log keeps. */
const EXCERPT_BYTES = 500;

/**
 * POSTs a delivery with node:http(s). The host is resolved and checked first (address-guard.ts)
 * and the connection goes to those very addresses (the `lookup` below answers with them), so the
 * check cannot be raced by a second DNS answer; TLS still verifies the certificate for the name.
 * Any 2xx is delivered; anything else, a timeout or a refused target is a failed attempt.
 */
export function httpSender(options: { allowPrivate: boolean; timeoutMs?: number }): WebhookSender {
  const timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS;
  return async (request) => {
    let target;
    try {
      target = await resolveTarget(request.url, { allowPrivate: options.allowPrivate });
    } catch (error) {
      const why = error instanceof Refusal ? (error.code === 'webhook_private' ? `refused: ${String(error.params.address)} is a private address` : `refused: ${error.code}`) : String(error);
      return { ok: false, status: null, latencyMs: null, response: null, error: why };
    }
    const { url, addresses } = target;
    const lookup: LookupFunction = (_host, opts, callback) => {
      if (opts.all) (callback as unknown as (e: null, a: typeof addresses) => void)(null, addresses);
      else callback(null, addresses[0]!.address, addresses[0]!.family);
    };
    const started = performance.now();
    return new Promise<AttemptOutcome>((resolve) => {
      const client = url.protocol === 'https:' ? https : http;
      const req = client.request(url, {
        method: 'POST',
        lookup,
        headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)), 'user-agent': 'Paddock-Webhooks/1' },
        signal: AbortSignal.timeout(timeoutMs),
      });
      const fail = (error: Error) => {
        const message = error.name === 'AbortError' || error.name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : error.message;
        resolve({ ok: false, status: null, latencyMs: Math.round(performance.now() - started), response: null, error: message });
      };
      req.on('error', fail);
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          // Only the start is kept; the rest is read and dropped so the connection ends cleanly.
          if (size < EXCERPT_BYTES) chunks.push(chunk);
          size += chunk.length;
        });
        res.on('error', fail);
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          const excerpt = Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString('utf8');
          const ok = status >= 200 && status < 300;
          resolve({ ok, status, latencyMs: Math.round(performance.now() - started), response: excerpt, error: ok ? null : `HTTP ${status}` });
        });
      });
      req.end(request.body);
    });
  };
}
