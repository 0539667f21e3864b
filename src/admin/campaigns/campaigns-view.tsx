import type { StoredCampaign } from '../../grandprix/campaigns-repository';
import { deadlineLocale, formatDeadline, type CampaignStatus } from '../../grandprix/deadline';
import { announcedChain, isChained, relayRoundUrl, type AnnouncedBeacon } from '../../grandprix/drand-chains';
import { ballotListPath } from '../../grandprix/ballot-list';
import { prizeValueText } from '../../grandprix/page-messages';
import { RECOUNT_DOC } from '../../grandprix/spec-docs';
import type { FreezeState } from '../../grandprix/freeze';
import type { Notification, PrizeState } from '../../raffle/draw-service';
import type { RaffleEvent, StoredDraw } from '../../raffle/draws-repository';
import type { PageContext } from '../context';
import type { AdminI18n, AdminKey } from '../i18n';
import { rich } from '../i18n/rich';
import { AdminLayout, Csrf, Notice } from '../views/layout';
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

const STATUS_LABEL: Record<CampaignStatus, AdminKey> = { upcoming: 'campaigns.status.upcoming', open: 'campaigns.status.open', closed: 'campaigns.status.closed' };

export function CampaignStatusBadge({ i18n, status, drawn }: { i18n: AdminI18n; status: CampaignStatus; drawn: boolean }) {
  const label = i18n.t(STATUS_LABEL[status]);
  return <span class={`status status-campaign-${status}`}>{drawn ? i18n.t('campaigns.status.drawn', { status: label }) : label}</span>;
}

export function CampaignListView({ ctx, items }: { ctx: PageContext; items: CampaignListItem[] }) {
  const { t, time, number } = ctx.i18n;
  const numeric = (key: AdminKey) => ({ label: t(key), numeric: true as const });
  return (
    <AdminLayout ctx={ctx} title={t('campaigns.title')} section="campaigns">
      <h1>{t('campaigns.title')}</h1>
      {items.length === 0 ? (
        <p>{rich(t('campaigns.list.empty'), { command: <code>paddock campaign import FILE.yaml</code> })}</p>
      ) : (
        <table class="list campaigns">
          <TableHead
            columns={[
              t('campaigns.col.campaign'),
              t('campaigns.col.status'),
              t('campaigns.col.opens'),
              t('campaigns.col.closes'),
              numeric('campaigns.col.entries'),
              numeric('campaigns.col.confirmed'),
              numeric('campaigns.col.pending'),
              numeric('campaigns.col.disqualified'),
              numeric('campaigns.col.counted'),
            ]}
          />
          <tbody>
            {items.map((c) => (
              <tr key={c.slug}>
                <td>
                  <a href={`/admin/campaigns/${c.slug}`}>{c.title}</a>
                  <br />
                  <span class="hint">{c.slug}</span>
                </td>
                <td>
                  <CampaignStatusBadge i18n={ctx.i18n} status={c.status} drawn={c.drawn} />
                </td>
                <td>{time(c.opensAt)}</td>
                <td>{time(c.closesAt)}</td>
                <td class="num">{number(c.counts.total)}</td>
                <td class="num">{number(c.counts.confirmed)}</td>
                <td class="num">{number(c.counts.pending)}</td>
                <td class="num">{number(c.counts.disqualified)}</td>
                <td class="num">{number(c.counts.counted)}</td>
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
  beaconSignature?: string;
  beaconPreviousSignature?: string;
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

const PRIZE_STATUS: Record<PrizeState['status'], AdminKey> = {
  awaiting: 'campaigns.prize.awaiting',
  claimed: 'campaigns.prize.claimed',
  exhausted: 'campaigns.prize.exhausted',
  not_awarded: 'campaigns.prize.notAwarded',
};

const LOG_ACTION: Record<RaffleEvent['action'], AdminKey> = {
  draw: 'campaigns.log.draw',
  notify: 'campaigns.log.notify',
  forfeit: 'campaigns.log.forfeit',
  claim: 'campaigns.log.claim',
};

/**
 * The recountable ballot list, frozen with the entry list: its digest and count, the list itself
 * and how a third party recounts the results from it (docs/recount.md, served at /docs/recount.md).
 */
function BallotListFacts({ ctx, slug, freeze }: { ctx: PageContext; slug: string; freeze: FreezeState }) {
  const { t, tn } = ctx.i18n;
  if (freeze.state !== 'frozen') return <>{t('campaigns.ballots.notYet')}</>;
  if (!freeze.ballots) return <>{t('campaigns.ballots.none')}</>;
  const list = ballotListPath(slug);
  return (
    <>
      {rich(tn('campaigns.ballots.frozen', freeze.ballots.count), { digest: <code class="hex">{freeze.ballots.digest}</code> })}
      <br />
      <a href={`${list}?format=json`} type="application/json">
        {t('campaigns.ballots.json')}
      </a>
      {' · '}
      <a href={`${list}?format=csv`} type="text/csv">
        {t('campaigns.ballots.csv')}
      </a>
      {' · '}
      <a href={RECOUNT_DOC}>{t('campaigns.ballots.recount')}</a>
    </>
  );
}

/**
 * drand's signature of the announced round, as `raffle draw --beacon-signature` takes it: checked
 * against the chain's public key, so a value typed by hand cannot steer the draw. A chained chain
 * (drand's original mainnet) signs the previous round's signature too, so it needs that as well.
 */
function BeaconFields({ ctx, beacon, forms, drandConfigured }: { ctx: PageContext; beacon: AnnouncedBeacon; forms: DrawForms; drandConfigured: boolean }) {
  const { t } = ctx.i18n;
  // The relay's JSON of the round has the `signature` (and, on a chained chain, `previous_signature`) to paste.
  const url = relayRoundUrl(beacon.chain, beacon.round);
  const link = (
    <a href={url} rel="external noopener">
      {url}
    </a>
  );
  const chain = announcedChain(beacon);
  const chained = chain ? isChained(chain) : false;
  return (
    <>
      <label>
        {t('campaigns.draw.signatureLabel')} {drandConfigured && <span class="hint">{t('campaigns.draw.optional')}</span>}
        <input name="beacon_signature" maxLength={400} value={forms.beaconSignature ?? ''} autoComplete="off" spellcheck={false} />
        <span class="hint">{rich(t(drandConfigured ? 'campaigns.draw.signatureHintFetch' : 'campaigns.draw.signatureHintNoFetch', { round: beacon.round, chain: beacon.chain.slice(0, 12) }), { url: link })}</span>
      </label>
      {chained && (
        <label>
          {t('campaigns.draw.previousLabel')} {drandConfigured && <span class="hint">{t('campaigns.draw.optional')}</span>}
          <input name="beacon_previous_signature" maxLength={400} value={forms.beaconPreviousSignature ?? ''} autoComplete="off" spellcheck={false} />
          <span class="hint">{rich(t('campaigns.draw.previousHint'), { url: link })}</span>
        </label>
      )}
    </>
  );
}

export function CampaignDetailView(props: CampaignDetailProps) {
  const { ctx, stored, status, counts, freeze, draw, states, events, forms = {} } = props;
  const { t, tn, time, number } = ctx.i18n;
  const campaign = stored.definition;
  const base = `/admin/campaigns/${stored.slug}`;
  const when = (d: Date | string) => formatDeadline(typeof d === 'string' ? new Date(d) : d, campaign.timezone, deadlineLocale(ctx.i18n.lang));
  const beacon = campaign.draw.beacon;
  return (
    <AdminLayout ctx={ctx} title={campaign.title} section="campaigns">
      <p class="crumbs">
        <a href="/admin/campaigns">{t('campaigns.title')}</a> /
      </p>
      <div class="title-row">
        <h1>{campaign.title}</h1>
        <CampaignStatusBadge i18n={ctx.i18n} status={status} drawn={draw !== null} />
      </div>
      <Notice text={props.notice} />
      <Notice text={props.error} kind="error" />
      {props.notifications && props.notifications.length > 0 && (
        <ul class="notifications">
          {props.notifications.map((n) => (
            <li key={n.code} class={n.problem ? 'bad' : 'good'}>
              {n.problem
                ? t('campaigns.notify.failed', { code: n.code, prize: n.prize, problem: n.problem })
                : t('campaigns.notify.sent', { code: n.code, prize: n.prize, claimBy: n.claimBy ? time(n.claimBy) : '—' })}
            </li>
          ))}
        </ul>
      )}

      <section class="box" aria-labelledby="facts">
        <h2 id="facts">{t('campaigns.col.campaign')}</h2>
        <dl class="facts">
          <dt>{t('campaigns.col.opens')}</dt>
          <dd>{when(campaign.opensAt)}</dd>
          <dt>{t('campaigns.col.closes')}</dt>
          <dd>{when(campaign.closesAt)}</dd>
          <dt>{t('campaigns.col.entries')}</dt>
          <dd>
            {t('campaigns.facts.counts', {
              total: number(counts.total),
              confirmed: number(counts.confirmed),
              pending: number(counts.pending),
              disqualified: number(counts.disqualified),
              counted: number(counts.counted),
            })}
          </dd>
          <dt>{t('campaigns.facts.freeze')}</dt>
          <dd>
            {freeze.state === 'frozen' && tn('campaigns.freeze.frozen', freeze.count, { at: time(freeze.at), digest: freeze.digest })}
            {freeze.state === 'waiting' && tn('campaigns.freeze.waiting', freeze.pending, { until: when(freeze.until) })}
            {freeze.state === 'open' && t('campaigns.freeze.open')}
          </dd>
          <dt>{t('campaigns.facts.ballots')}</dt>
          <dd>
            <BallotListFacts ctx={ctx} slug={stored.slug} freeze={freeze} />
          </dd>
          <dt>{t('campaigns.facts.confirmHours')}</dt>
          <dd>{tn('campaigns.facts.confirmHoursValue', campaign.confirm_hours)}</dd>
          <dt>{t('campaigns.facts.prizes')}</dt>
          <dd>
            <ol class="prize-values">
              {campaign.prizes.map((p, i) => (
                <li key={i}>
                  {p.title}
                  {/* 0 is the schema's "not stated", as on the public page. */}
                  {' — '}
                  {p.value !== 0 ? prizeValueText(p, ctx.i18n.lang) : t('campaigns.facts.prizeNoValue')}
                </li>
              ))}
            </ol>
          </dd>
          <dt>{t('campaigns.facts.commitment')}</dt>
          <dd>
            <code>{stored.drawCommitment}</code>
          </dd>
        </dl>
        <p class="actions">
          <a class="button" href={`${base}/entries`}>
            {t('campaigns.col.entries')}
          </a>
          <a class="button" href={`${base}/results`}>
            {t('campaigns.action.results')}
          </a>
          <a class="button secondary" href={`${base}/results.csv`}>
            {t('campaigns.action.resultsCsv')}
          </a>
          <a class="button secondary" href={`${base}/entries.csv`}>
            {t('campaigns.action.entriesCsv')}
          </a>
          <a href={`/grand-prix/${stored.slug}`}>{t('campaigns.action.publicPage')}</a>
          <a href={`/grand-prix/${stored.slug}/draw`}>{t('campaigns.action.publicDraw')}</a>
        </p>
      </section>

      <section class="box" aria-labelledby="draw-heading">
        <h2 id="draw-heading">{t('campaigns.draw.heading')}</h2>
        {draw ? (
          <>
            <p>
              {draw.record.beacon
                ? tn('campaigns.draw.summaryBeacon', draw.record.entries.length, { at: time(draw.drawnAt), round: draw.record.beacon.round, randomness: draw.record.beacon.randomness })
                : tn('campaigns.draw.summaryNoBeacon', draw.record.entries.length, { at: time(draw.drawnAt) })}
            </p>
            {draw.record.beacon?.signature && (
              <p class="beacon-signature">
                {rich(t('campaigns.draw.signature'), { signature: <code class="hex">{draw.record.beacon.signature}</code> })}
              </p>
            )}
            <table class="list prizes">
              <TableHead columns={[t('campaigns.prizes.prize'), t('campaigns.prizes.holder'), t('campaigns.prizes.state'), t('campaigns.prizes.claimBy'), '']} />
              <tbody>
                {states.map((s) => (
                  <tr key={s.prize}>
                    <td>
                      {s.prize}. {s.title}
                    </td>
                    <td>{s.code ? <a href={`${base}/entries/${s.code}`}>{s.code}</a> : '—'}</td>
                    <td>{t(PRIZE_STATUS[s.status])}</td>
                    <td>{s.claimBy ? time(s.claimBy) : '—'}</td>
                    <td class="row-actions">
                      {s.code && s.status === 'awaiting' && (
                        <form method="post" action={`${base}/claim`}>
                          <Csrf ctx={ctx} />
                          <input type="hidden" name="code" value={s.code} />
                          <button type="submit" class="secondary">
                            {t('campaigns.prizes.markClaimed')}
                          </button>
                        </form>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p>{t('campaigns.draw.alternates', { list: draw.record.alternates.length > 0 ? draw.record.alternates.join(', ') : t('campaigns.draw.alternatesNone') })}</p>
            <form method="post" action={`${base}/forfeit`} class="stack narrow" aria-labelledby="forfeit-heading">
              <h3 id="forfeit-heading">{t('campaigns.forfeit.heading')}</h3>
              <p class="hint">{t('campaigns.forfeit.hint')}</p>
              <Csrf ctx={ctx} />
              <label>
                {t('campaigns.field.code')}
                <input name="code" required maxLength={40} value={forms.forfeitCode ?? ''} autoComplete="off" />
              </label>
              <label>
                {t('campaigns.field.reason')} <span class="hint">{t('campaigns.forfeit.reasonHint')}</span>
                <input name="reason" required maxLength={500} value={forms.forfeitReason ?? ''} />
              </label>
              <button type="submit" class="danger">
                {t('campaigns.forfeit.submit')}
              </button>
            </form>
            <form method="post" action={`${base}/claim`} class="stack narrow" aria-labelledby="claim-heading">
              <h3 id="claim-heading">{t('campaigns.claim.heading')}</h3>
              <Csrf ctx={ctx} />
              <label>
                {t('campaigns.field.code')}
                <input name="code" required maxLength={40} value={forms.claimCode ?? ''} autoComplete="off" />
              </label>
              <button type="submit" class="secondary">
                {t('campaigns.prizes.markClaimed')}
              </button>
            </form>
          </>
        ) : (
          <form method="post" action={`${base}/draw`} class="stack narrow">
            <Csrf ctx={ctx} />
            <p>{status === 'closed' ? t('campaigns.draw.closed') : t('campaigns.draw.notYet', { closes: when(campaign.closesAt) })}</p>
            {beacon ? (
              <BeaconFields ctx={ctx} beacon={beacon} forms={forms} drandConfigured={props.drandConfigured} />
            ) : (
              <p class="hint">{t('campaigns.draw.noBeacon')}</p>
            )}
            <label>
              <input type="checkbox" name="allow_fewer" value="1" checked={forms.allowFewer === true} /> {t('campaigns.draw.allowFewer')}
            </label>
            <button type="submit">{t('campaigns.draw.submit')}</button>
          </form>
        )}
      </section>

      {events.length > 0 && (
        <section aria-labelledby="log-heading">
          <h2 id="log-heading">{t('campaigns.log.heading')}</h2>
          <table class="list">
            <TableHead columns={[t('campaigns.log.when'), t('campaigns.log.what'), t('campaigns.log.code'), t('campaigns.prizes.prize'), t('campaigns.field.reason'), t('campaigns.log.by')]} />
            <tbody>
              {events.map((e) => (
                <tr key={e.id}>
                  <td>{time(e.at)}</td>
                  <td>{LOG_ACTION[e.action] ? t(LOG_ACTION[e.action]) : e.action}</td>
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
