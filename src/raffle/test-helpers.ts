// Shared by the raffle tests: real entries through the public API, and a captured CLI io.
import type { FastifyInstance } from 'fastify';
import { confirmationToken, validEntry } from '../../test/support/grandprix';

/** Submits and confirms an entry the way a reader does; returns its public code. */
export async function confirmedEntry(app: FastifyInstance, outbox: string, slug: string, email: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: `/api/v1/campaigns/${slug}/entries`, payload: validEntry({ email }) });
  if (res.statusCode !== 202) throw new Error(`entry ${email} refused: ${res.statusCode} ${res.body}`);
  const confirmed = await app.inject({ method: 'POST', url: '/api/v1/entries/confirm', payload: { token: await confirmationToken(app, outbox, email) } });
  if (confirmed.statusCode !== 200) throw new Error(`confirmation of ${email} failed: ${confirmed.body}`);
  return (confirmed.json() as { entry_code: string }).entry_code;
}

export function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) } },
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}
