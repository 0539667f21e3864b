import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';

export interface EntryCounts {
  /** Every entry, pending or confirmed. */
  total: number;
  /** Sent but the email link not (yet) followed. */
  pending: number;
  confirmed: number;
  /** Disqualified, whatever their state. */
  disqualified: number;
  /** In the results: confirmed and not disqualified. */
  counted: number;
}

export const NO_ENTRIES: EntryCounts = { total: 0, pending: 0, confirmed: 0, disqualified: 0, counted: 0 };

/** Entry counts of every campaign (or one), in one grouped query rather than one per campaign. */
export async function entryCounts(db: Kysely<Database>, campaignId?: number): Promise<Map<number, EntryCounts>> {
  let q = db
    .selectFrom('entries')
    .select((eb) => ['campaign_id', 'status', eb.fn.countAll<number | string>().as('n'), eb.fn.count<number | string>('disqualified_at').as('dq')])
    .groupBy(['campaign_id', 'status']);
  if (campaignId !== undefined) q = q.where('campaign_id', '=', campaignId);
  const out = new Map<number, EntryCounts>();
  for (const row of await q.execute()) {
    const c = out.get(row.campaign_id) ?? { ...NO_ENTRIES };
    const n = Number(row.n);
    const dq = Number(row.dq);
    c.total += n;
    c.disqualified += dq;
    if (row.status === 'confirmed') {
      c.confirmed += n;
      c.counted += n - dq;
    } else {
      c.pending += n;
    }
    out.set(row.campaign_id, c);
  }
  return out;
}
