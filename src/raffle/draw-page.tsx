import type { SiteContext } from '../web/context';
import type { Campaign } from '../grandprix/campaign-schema';
import { formatDeadline } from '../grandprix/deadline';
import { announcedChain, relayRoundUrl, roundEmittedAt } from '../grandprix/drand-chains';
import { parseEntryCode } from '../grandprix/entry-code';
import type { FreezeState } from '../grandprix/freeze';
import { DRAW_DOC } from '../grandprix/spec-docs';
import { CampaignShell, DrawFacts } from '../grandprix/views/campaign-pages';
import type { PrizeState } from './draw-service';
import type { RaffleEvent, StoredDraw } from './draws-repository';
import { drawTexts, type DrawText } from './texts';
import { selfCheck } from './verify';
import { TableHead } from '../web/table-head';

/** Longest self-check input echoed back; anything longer is not a code anyway. */
const MAX_INPUT = 40;

export interface DrawPageProps {
  site: SiteContext;
  campaign: Campaign;
  commitment: string;
  freeze: FreezeState;
  draw: StoredDraw | null;
  states: PrizeState[];
  /** Public log entries: codes and times only. */
  events: RaffleEvent[];
  /** What the reader typed into the self-check box, if anything. */
  query: string | undefined;
}

/** The answer to "was my code in the draw?", as sentences. */
export function selfCheckAnswer(t: DrawText, p: Pick<DrawPageProps, 'freeze' | 'draw' | 'states' | 'campaign'>, input: string): string[] {
  const code = parseEntryCode(input);
  if (!code) return [t('check-invalid', { input: input.length > MAX_INPUT ? `${input.slice(0, MAX_INPUT)}…` : input })];
  if (!p.draw) {
    if (p.freeze.state !== 'frozen') return [t('check-not-frozen')];
    return [t(p.freeze.codes.includes(code) ? 'check-frozen-in' : 'check-frozen-out', { code })];
  }
  const answer = selfCheck(p.draw.record, code);
  if (!answer.inDraw) return [t('check-out', { code })];
  const lines: string[] = [];
  if (answer.prize !== undefined) lines.push(t('check-prize', { code, prize: answer.prize, title: p.campaign.prizes[answer.prize - 1]?.title ?? '' }));
  else if (answer.alternate !== undefined) lines.push(t('check-alternate', { code, n: answer.alternate }));
  else return [t('check-in', { code })];
  const holds = p.states.find((s) => s.code === code);
  if (holds && holds.prize !== answer.prize) lines.push(t('check-holds', { prize: holds.prize, title: holds.title }));
  if (!holds && answer.prize !== undefined) lines.push(t('check-forfeited'));
  return lines;
}

export function DrawPage(props: DrawPageProps) {
  const { site, campaign, commitment, freeze, draw, states, events, query } = props;
  const t = drawTexts(site.i18n.lang);
  const locale = site.i18n.lang === 'ru' ? 'ru' : 'en-GB';
  const when = (iso: string) => formatDeadline(new Date(iso), campaign.timezone, locale);
  const beacon = campaign.draw.beacon;
  const beaconInfo = beacon ? announcedChain(beacon) : null;
  const path = `/grand-prix/${campaign.slug}/draw`;
  const jsonUrl = `/api/v1/campaigns/${campaign.slug}/draw`;
  const title = t('title', { title: campaign.title });
  const answer = query !== undefined && query.trim() !== '' ? selfCheckAnswer(t, props, query.trim()) : null;

  return (
    <CampaignShell site={site} campaign={campaign} path={path} title={title}>
      <h1>{title}</h1>
      <p>
        <a href={`/grand-prix/${campaign.slug}`}>{campaign.title}</a>
      </p>
      <p>{t('intro')}</p>
      {!draw && <p class="notice draw-pending">{t('not-drawn')}</p>}
      <section id="self-check" class="self-check" aria-labelledby="self-check-title">
        <h2 id="self-check-title">{t('check-title')}</h2>
        <form method="get" action={`${path}#self-check`}>
          <label for="self-check-code">{t('check-label')}</label>{' '}
          <input id="self-check-code" name="code" type="text" autoComplete="off" spellcheck={false} maxLength={100} value={query ?? ''} aria-describedby="self-check-hint" />{' '}
          <button type="submit">{t('check-submit')}</button>
          <p id="self-check-hint" class="hint">
            {t('check-hint')}
          </p>
        </form>
        {answer && (
          <div class="notice self-check-answer" role="status">
            {answer.map((line, i) => (
              <p key={i}>{line}</p>
            ))}
          </div>
        )}
      </section>
      <DrawFacts site={site} slug={campaign.slug} commitment={commitment} freeze={freeze} />
      {freeze.state === 'open' && <p>{t('freeze-open', { date: when(campaign.closesAt.toISOString()) })}</p>}
      {beacon ? (
        <p class="draw-beacon">
          {t('beacon', { round: beacon.round, chain: beacon.chain })}{' '}
          {beaconInfo && <>{t('beacon-emitted', { date: when(roundEmittedAt(beaconInfo, beacon.round).toISOString()) })} </>}
          <a href={relayRoundUrl(beacon.chain, beacon.round)} rel="external noopener">
            {t('beacon-link')}
          </a>
        </p>
      ) : (
        <div class="draw-beacon draw-beacon-none">
          <p>{t('beacon-none')}</p>
          <p>{t('beacon-none-proves')}</p>
          <p>{t('beacon-none-limits')}</p>
        </div>
      )}

      {draw && <DrawResult t={t} when={when} draw={draw} states={states} jsonUrl={jsonUrl} siteUrl={site.config.SITE_URL} />}

      {draw && (
        <section class="draw-log" aria-labelledby="draw-log-title">
          <h2 id="draw-log-title">{t('log-title')}</h2>
          <p class="hint">{t('log-hint')}</p>
          <table>
            <TableHead columns={[t('log-time'), t('log-event'), t('code')]} />
            <tbody>
              {events.map((e) => (
                <tr key={e.id}>
                  <td>
                    <time dateTime={e.at}>{when(e.at)}</time>
                  </td>
                  <td>{logText(t, e, when)}</td>
                  <td>{e.code && <code class="entry-code">{e.code}</code>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </CampaignShell>
  );
}

function logText(t: DrawText, e: RaffleEvent, when: (iso: string) => string): string {
  switch (e.action) {
    case 'draw':
      return t('log-draw');
    case 'notify':
      return t('log-notify', { prize: e.prize ?? '', date: e.claim_by ? when(e.claim_by) : '' });
    case 'forfeit':
      return e.prize === null ? t('log-forfeit-alternate') : t('log-forfeit', { prize: e.prize });
    case 'claim':
      return t('log-claim', { prize: e.prize ?? '' });
  }
}

function DrawResult({ t, when, draw, states, jsonUrl, siteUrl }: { t: DrawText; when: (iso: string) => string; draw: StoredDraw; states: PrizeState[]; jsonUrl: string; siteUrl: string }) {
  const { record } = draw;
  const status = (s: PrizeState) => {
    switch (s.status) {
      case 'claimed':
        return t('status-claimed');
      case 'awaiting':
        return s.claimBy ? t('status-awaiting', { date: when(s.claimBy) }) : t('status-pending');
      case 'exhausted':
        return t('status-exhausted');
      case 'not_awarded':
        return t('status-not-awarded');
    }
  };
  return (
    <>
      <section class="draw-record" aria-labelledby="draw-record-title">
        <h2 id="draw-record-title">{t('record-title')}</h2>
        <dl class="draw-facts">
          <dt>{t('drawn-at')}</dt>
          <dd>
            <time dateTime={record.drawn_at}>{when(record.drawn_at)}</time>
          </dd>
          <dt>{t('closes-at')}</dt>
          <dd>
            <time dateTime={record.closes_at}>{when(record.closes_at)}</time>
          </dd>
          <dt>{t('seed')}</dt>
          <dd>
            <code class="hex">{record.seed}</code>
          </dd>
          <dt>{t('commitment')}</dt>
          <dd>
            <code class="hex">{record.commitment}</code>
          </dd>
          <dt>{t('entries')}</dt>
          <dd>{record.entries.length}</dd>
          <dt>{t('digest')}</dt>
          <dd>
            <code class="hex">{record.entries_digest}</code>
          </dd>
          <dt>{t('beacon-used')}</dt>
          <dd>{record.beacon ? <code class="hex">{t('beacon-value', { round: record.beacon.round, chain: record.beacon.chain, randomness: record.beacon.randomness })}</code> : t('beacon-null')}</dd>
          {record.beacon?.signature && (
            <>
              <dt>{t('beacon-signature')}</dt>
              <dd>
                <code class="hex">{record.beacon.signature}</code>
              </dd>
            </>
          )}
        </dl>
        <p>
          <a href={jsonUrl} type="application/json" class="draw-json">
            {t('json')}
          </a>
        </p>
      </section>

      <section class="draw-winners" aria-labelledby="draw-winners-title">
        <h2 id="draw-winners-title">{t('winners')}</h2>
        <table>
          <TableHead columns={[t('prize'), t('code')]} />
          <tbody>
            {record.winners.map((w) => (
              <tr key={w.prize}>
                <td>
                  {w.prize}. {record.prizes[w.prize - 1]}
                </td>
                <td>
                  <code class="entry-code">{w.code}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <h3>{t('alternates')}</h3>
        {record.alternates.length > 0 ? (
          <ol class="draw-alternates">
            {record.alternates.map((code) => (
              <li key={code}>
                <code class="entry-code">{code}</code>
              </li>
            ))}
          </ol>
        ) : (
          <p>{t('alternates-none')}</p>
        )}
        <p class="hint">{t('alternates-hint')}</p>
      </section>

      <section class="draw-holders" aria-labelledby="draw-holders-title">
        <h2 id="draw-holders-title">{t('holders')}</h2>
        <table>
          <TableHead columns={[t('prize'), t('code'), t('status')]} />
          <tbody>
            {states.map((s) => (
              <tr key={s.prize}>
                <td>
                  {s.prize}. {s.title}
                </td>
                <td>{s.code ? <code class="entry-code">{s.code}</code> : '—'}</td>
                <td>{status(s)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section class="draw-verify" aria-labelledby="draw-verify-title">
        <h2 id="draw-verify-title">{t('verify-title')}</h2>
        <p>{t('verify-text')}</p>
        <p>{t('verify-command')}</p>
        <pre>
          <code>paddock raffle verify {new URL(jsonUrl, siteUrl).href}</code>
        </pre>
        <p class="hint">
          {t('verify-spec')} <a href={DRAW_DOC}>docs/draw.md</a>
        </p>
      </section>
    </>
  );
}
