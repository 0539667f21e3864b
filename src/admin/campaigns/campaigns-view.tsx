import type { StoredCampaign } from '../../grandprix/campaigns-repository';
import { formatDeadline, type CampaignStatus } from '../../grandprix/deadline';
import type { FreezeState } from '../../grandprix/freeze';
import type { Notification, PrizeState } from '../../raffle/draw-service';
import type { RaffleEvent, StoredDraw } from '../../raffle/draws-repository';
import type { PageContext } from '../context';
import { AdminLayout, Csrf, formatTime, Notice } from '../views/layout';
import type { EntryCounts } from './entry-counts';
import { TableHead } from '../../web/table-head';

export interface CampaignListItem {
  slug: string;
  title: string;
  opensAt: string;
  closesAt: string;
  status: CampaignStatus;
  drawn: boolean;
  counts: EntryCounts;
}

const STATUS_LABEL: Record<CampaignStatus, string> = { upcoming: 'Upcoming', open: 'Open', closed: 'Closed' };

export function CampaignStatusBadge({ status, drawn }: { status: CampaignStatus; drawn: boolean }) {
  return (
    <span class={`status status-campaign-${status}`}>
      {STATUS_LABEL[status]}
      {drawn ? ', drawn' : ''}
    </span>
  );
}

export function CampaignListView({ ctx, items }: { ctx: PageContext; items: CampaignListItem[] }) {
  return (
    <AdminLayout ctx={ctx} title="Campaigns" section="campaigns">
      <h1>Campaigns</h1>
      {items.length === 0 ? (
        <p>
          There are no campaigns yet. Import one with <code>paddock campaign import FILE.yaml</code>.
        </p>
      ) : (
        <table class="list campaigns">
          <TableHead columns={['Campaign', 'Status', 'Opens', 'Closes', { label: 'Entries', numeric: true }, { label: 'Confirmed', numeric: true }, { label: 'Pending', numeric: true }, { label: 'Disqualified', numeric: true }, { label: 'Counted', numeric: true }]} />
          <tbody>
            {items.map((c) => (
              <tr key={c.slug}>
                <td>
                  <a href={`/admin/campaigns/${c.slug}`}>{c.title}</a>
                  <br />
                  <span class="hint">{c.slug}</span>
                </td>
                <td>
                  <CampaignStatusBadge status={c.status} drawn={c.drawn} />
                </td>
                <td>{formatTime(c.opensAt, ctx.zone)}</td>
                <td>{formatTime(c.closesAt, ctx.zone)}</td>
                <td class="num">{c.counts.total}</td>
                <td class="num">{c.counts.confirmed}</td>
                <td class="num">{c.counts.pending}</td>
                <td class="num">{c.counts.disqualified}</td>
                <td class="num">{c.counts.counted}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </AdminLayout>
  );
}

/** What was typed into one of the page's forms, shown again when it was refused. */
export interface DrawForms {
  beaconRandomness?: string;
  allowFewer?: boolean;
  forfeitCode?: string;
  forfeitReason?: string;
  claimCode?: string;
}

export interface CampaignDetailProps {
  ctx: PageContext;
  stored: StoredCampaign;
  status: CampaignStatus;
  counts: EntryCounts;
  freeze: FreezeState;
  draw: StoredDraw | null;
  states: PrizeState[];
  events: RaffleEvent[];
  drandConfigured: boolean;
  notice?: string | null;
  error?: string | null;
  notifications?: Notification[];
  forms?: DrawForms;
}

const PRIZE_STATUS: Record<PrizeState['status'], string> = {
  awaiting: 'awaiting claim',
  claimed: 'claimed',
  exhausted: 'no alternate left',
  not_awarded: 'not awarded (too few entries)',
};

export function CampaignDetailView(props: CampaignDetailProps) {
  const { ctx, stored, status, counts, freeze, draw, states, events, forms = {} } = props;
  const campaign = stored.definition;
  const base = `/admin/campaigns/${stored.slug}`;
  const when = (d: Date | string) => formatDeadline(typeof d === 'string' ? new Date(d) : d, campaign.timezone);
  const beacon = campaign.draw.beacon;
  return (
    <AdminLayout ctx={ctx} title={campaign.title} section="campaigns">
      <p class="crumbs">
        <a href="/admin/campaigns">Campaigns</a> /
      </p>
      <div class="title-row">
        <h1>{campaign.title}</h1>
        <CampaignStatusBadge status={status} drawn={draw !== null} />
      </div>
      <Notice text={props.notice} />
      <Notice text={props.error} kind="error" />
      {props.notifications && props.notifications.length > 0 && (
        <ul class="notifications">
          {props.notifications.map((n) => (
            <li key={n.code} class={n.problem ? 'bad' : 'good'}>
              {n.problem ? `Could not notify ${n.code} (prize ${n.prize}): ${n.problem}` : `Notified ${n.code} (prize ${n.prize}); claim by ${n.claimBy ? formatTime(n.claimBy, ctx.zone) : '—'}.`}
            </li>
          ))}
        </ul>
      )}

      <section class="box" aria-labelledby="facts">
        <h2 id="facts">Campaign</h2>
        <dl class="facts">
          <dt>Opens</dt>
          <dd>{when(campaign.opensAt)}</dd>
          <dt>Closes</dt>
          <dd>{when(campaign.closesAt)}</dd>
          <dt>Entries</dt>
          <dd>
            {counts.total} in all: {counts.confirmed} confirmed, {counts.pending} awaiting confirmation, {counts.disqualified} disqualified; {counts.counted} counted
            in the results
          </dd>
          <dt>Entry list for the draw</dt>
          <dd>
            {freeze.state === 'frozen' && `${freeze.count} eligible ${freeze.count === 1 ? 'entry' : 'entries'}, frozen ${formatTime(freeze.at, ctx.zone)}; SHA-256 ${freeze.digest}`}
            {freeze.state === 'waiting' && `Not frozen yet: ${freeze.pending} ${freeze.pending === 1 ? 'entry' : 'entries'} sent before the close may be confirmed until ${when(freeze.until)}.`}
            {freeze.state === 'open' && 'Frozen at the close.'}
          </dd>
          <dt>Commitment</dt>
          <dd>
            <code>{stored.drawCommitment}</code>
          </dd>
        </dl>
        <p class="actions">
          <a class="button" href={`${base}/entries`}>
            Entries
          </a>
          <a class="button" href={`${base}/results`}>
            Results
          </a>
          <a class="button secondary" href={`${base}/results.csv`}>
            Results CSV
          </a>
          <a class="button secondary" href={`${base}/entries.csv`}>
            Entries CSV (personal data)
          </a>
          <a href={`/grand-prix/${stored.slug}`}>Public page</a>
          <a href={`/grand-prix/${stored.slug}/draw`}>Public draw page</a>
        </p>
      </section>

      <section class="box" aria-labelledby="draw-heading">
        <h2 id="draw-heading">Prize draw</h2>
        {draw ? (
          <>
            <p>
              Drawn {formatTime(draw.drawnAt, ctx.zone)} among {draw.record.entries.length} entries
              {draw.record.beacon ? `, with drand round ${draw.record.beacon.round} (randomness ${draw.record.beacon.randomness})` : ', without a beacon'}.
            </p>
            <table class="list prizes">
              <TableHead columns={['Prize', 'Holder', 'State', 'Claim by', '']} />
              <tbody>
                {states.map((s) => (
                  <tr key={s.prize}>
                    <td>
                      {s.prize}. {s.title}
                    </td>
                    <td>{s.code ? <a href={`${base}/entries/${s.code}`}>{s.code}</a> : '—'}</td>
                    <td>{PRIZE_STATUS[s.status]}</td>
                    <td>{s.claimBy ? formatTime(s.claimBy, ctx.zone) : '—'}</td>
                    <td class="row-actions">
                      {s.code && s.status === 'awaiting' && (
                        <form method="post" action={`${base}/claim`}>
                          <Csrf ctx={ctx} />
                          <input type="hidden" name="code" value={s.code} />
                          <button type="submit" class="secondary">
                            Mark claimed
                          </button>
                        </form>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p>
              Alternates, in order: {draw.record.alternates.length > 0 ? draw.record.alternates.join(', ') : 'none'}
            </p>
            <form method="post" action={`${base}/forfeit`} class="stack narrow" aria-labelledby="forfeit-heading">
              <h3 id="forfeit-heading">Forfeit a prize</h3>
              <p class="hint">The prize passes to the next alternate, who is told by email. A forfeited alternate is skipped later. This cannot be undone.</p>
              <Csrf ctx={ctx} />
              <label>
                Entry code
                <input name="code" required maxLength={40} value={forms.forfeitCode ?? ''} autoComplete="off" />
              </label>
              <label>
                Reason <span class="hint">(kept in the staff log; write no personal data)</span>
                <input name="reason" required maxLength={500} value={forms.forfeitReason ?? ''} />
              </label>
              <button type="submit" class="danger">
                Forfeit
              </button>
            </form>
            <form method="post" action={`${base}/claim`} class="stack narrow" aria-labelledby="claim-heading">
              <h3 id="claim-heading">Record a claim</h3>
              <Csrf ctx={ctx} />
              <label>
                Entry code
                <input name="code" required maxLength={40} value={forms.claimCode ?? ''} autoComplete="off" />
              </label>
              <button type="submit" class="secondary">
                Mark claimed
              </button>
            </form>
          </>
        ) : (
          <form method="post" action={`${base}/draw`} class="stack narrow">
            <Csrf ctx={ctx} />
            <p>
              {status === 'closed'
                ? 'The vote is closed. The draw picks the winners and alternates from the frozen entry list; it runs once and its record is final.'
                : `The draw can run after the close (${when(campaign.closesAt)}).`}
            </p>
            {beacon ? (
              <label>
                Beacon randomness <span class="hint">(optional)</span>
                <input name="beacon_randomness" maxLength={128} value={forms.beaconRandomness ?? ''} autoComplete="off" />
                <span class="hint">
                  The campaign announced drand round {beacon.round} of chain {beacon.chain.slice(0, 12)}…. Paste the round's randomness (64 hex digits)
                  {props.drandConfigured ? ', or leave empty to fetch and verify it from the relay in DRAND_URL.' : '; DRAND_URL is not set, so it cannot be fetched.'}
                </span>
              </label>
            ) : (
              <p class="hint">This campaign announced no drand round, so the draw uses the committed seed alone.</p>
            )}
            <label>
              <input type="checkbox" name="allow_fewer" value="1" checked={forms.allowFewer === true} /> Award fewer prizes when there are fewer eligible entries than
              prizes
            </label>
            <button type="submit">Run the draw</button>
          </form>
        )}
      </section>

      {events.length > 0 && (
        <section aria-labelledby="log-heading">
          <h2 id="log-heading">Draw log</h2>
          <table class="list">
            <TableHead columns={['When', 'What', 'Code', 'Prize', 'Reason', 'By']} />
            <tbody>
              {events.map((e) => (
                <tr key={e.id}>
                  <td>{formatTime(e.at, ctx.zone)}</td>
                  <td>{e.action}</td>
                  <td>{e.code ?? ''}</td>
                  <td>{e.prize ?? ''}</td>
                  <td>{e.reason ?? ''}</td>
                  <td>{e.actor ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </AdminLayout>
  );
}
