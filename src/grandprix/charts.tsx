// Server-rendered SVG charts for the results page. No scripts and no style
// attributes (the CSP stays strict): geometry and default colours are SVG
// presentation attributes, and class names let the site CSS restyle them.
// Each chart carries a visually hidden table with the same numbers, because a
// screen reader cannot read values out of bar lengths.

export interface BarDatum {
  id: string;
  label: string;
  count: number;
  /** 0–1 */
  share: number;
  /** 95% interval of the share, drawn as a whisker when given. */
  ci95?: [number, number];
}

export interface ChartHeaders {
  item: string;
  count: string;
  share: string;
  interval: string;
}

export interface BarChartProps {
  /** Unique on the page: prefixes the ids that label the SVG. */
  id: string;
  title: string;
  /** Short text summary for the SVG <desc>; a sensible English one is made when omitted. */
  description?: string;
  bars: BarDatum[];
  /** Number and percent formatting, e.g. "en-GB", "ru". */
  locale?: string;
  /** "42 votes": override to translate or to say "answers". */
  countLabel?: (count: number) => string;
  headers?: Partial<ChartHeaders>;
}

export interface HistogramBin {
  label: string;
  count: number;
}

export interface HistogramProps {
  id: string;
  title: string;
  description?: string;
  bins: HistogramBin[];
  locale?: string;
  countLabel?: (count: number) => string;
  headers?: Partial<Pick<ChartHeaders, 'item' | 'count' | 'share'>>;
}

// Light enough fills that the dark CI whisker stays visible on top of them.
const COLOURS = { bar: '#9dbde3', leader: '#4a86c8', whisker: '#1b1b1b', text: '#1b1b1b', axis: '#767676' };

const defaultCountLabel = (n: number, locale: string): string =>
  `${new Intl.NumberFormat(locale).format(n)} ${n === 1 ? 'vote' : 'votes'}`;

function percent(x: number, locale: string, digits = 1): string {
  return new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(x);
}

function truncate(label: string, max: number): string {
  const chars = [...label];
  return chars.length <= max ? label : chars.slice(0, max - 1).join('') + '…';
}

// The scale ends on the next 10% above the largest bar or whisker, so short
// bars stay readable while lengths remain comparable across the chart.
function scaleMax(bars: BarDatum[]): number {
  const top = Math.max(0, ...bars.map((b) => Math.max(b.share, b.ci95?.[1] ?? 0)));
  return Math.min(1, Math.max(0.1, Math.ceil(top * 10 - 1e-9) / 10));
}

const BAR = { width: 640, labelWidth: 190, plotX: 200, plotWidth: 270, row: 32, barHeight: 18, top: 8, axis: 22 };

export function BarChart(props: BarChartProps) {
  const locale = props.locale ?? 'en-GB';
  const countLabel = props.countLabel ?? ((n: number) => defaultCountLabel(n, locale));
  const headers: ChartHeaders = { item: 'Nominee', count: 'Votes', share: 'Share', interval: '95% interval', ...props.headers };
  const max = scaleMax(props.bars);
  const x = (share: number) => BAR.plotX + (Math.min(share, max) / max) * BAR.plotWidth;
  const height = BAR.top + props.bars.length * BAR.row + BAR.axis;
  const axisY = BAR.top + props.bars.length * BAR.row;
  const leaderCount = Math.max(0, ...props.bars.map((b) => b.count));
  const valueText = (b: BarDatum) => `${countLabel(b.count)} · ${percent(b.share, locale)}`;
  const leader = props.bars.find((b) => b.count === leaderCount && b.count > 0);
  const description =
    props.description ??
    (leader ? `${props.bars.length} ${props.bars.length === 1 ? 'option' : 'options'}. Highest: ${leader.label}, ${valueText(leader)}.` : `${props.bars.length} ${props.bars.length === 1 ? 'option' : 'options'}, no answers yet.`);
  const titleId = `${props.id}-title`;
  const descId = `${props.id}-desc`;
  const hasIntervals = props.bars.some((b) => b.ci95);

  return (
    <figure class="chart chart--bar" id={props.id}>
      <svg
        class="chart__svg"
        role="img"
        aria-labelledby={`${titleId} ${descId}`}
        viewBox={`0 0 ${BAR.width} ${height}`}
        width="100%"
        preserveAspectRatio="xMinYMin meet"
        font-size="13"
        font-family="system-ui, sans-serif"
      >
        <title id={titleId}>{props.title}</title>
        <desc id={descId}>{description}</desc>
        {props.bars.map((b, i) => {
          const y = BAR.top + i * BAR.row;
          const barY = y + (BAR.row - BAR.barHeight) / 2;
          const mid = y + BAR.row / 2;
          const isLeader = b.count === leaderCount && b.count > 0;
          const label = truncate(b.label, 28);
          return (
            <g class={`chart__row${isLeader ? ' chart__row--leader' : ''}`} key={b.id}>
              <text class="chart__label" x={BAR.labelWidth} y={mid} text-anchor="end" dominant-baseline="middle" fill={COLOURS.text}>
                {label !== b.label ? <title>{b.label}</title> : null}
                {label}
              </text>
              <rect
                class={`chart__bar${isLeader ? ' chart__bar--leader' : ''}`}
                x={BAR.plotX}
                y={barY}
                width={Math.max(0, x(b.share) - BAR.plotX).toFixed(1)}
                height={BAR.barHeight}
                fill={isLeader ? COLOURS.leader : COLOURS.bar}
              />
              {b.ci95 ? (
                <path
                  class="chart__whisker"
                  d={`M${x(b.ci95[0]).toFixed(1)} ${mid}H${x(b.ci95[1]).toFixed(1)}M${x(b.ci95[0]).toFixed(1)} ${mid - 5}v10M${x(b.ci95[1]).toFixed(1)} ${mid - 5}v10`}
                  stroke={COLOURS.whisker}
                  stroke-width="1.5"
                  fill="none"
                />
              ) : null}
              <text class="chart__value" x={BAR.plotX + BAR.plotWidth + 10} y={mid} dominant-baseline="middle" fill={COLOURS.text}>
                {valueText(b)}
              </text>
            </g>
          );
        })}
        <g class="chart__axis" fill={COLOURS.axis}>
          <line x1={BAR.plotX} y1={BAR.top} x2={BAR.plotX} y2={axisY} stroke={COLOURS.axis} />
          <text x={BAR.plotX} y={axisY + 15} text-anchor="start">{percent(0, locale, 0)}</text>
          <text x={BAR.plotX + BAR.plotWidth} y={axisY + 15} text-anchor="end">{percent(max, locale, 0)}</text>
        </g>
      </svg>
      <table class="chart__table visually-hidden">
        <caption>{props.title}</caption>
        <thead>
          <tr>
            <th scope="col">{headers.item}</th>
            <th scope="col">{headers.count}</th>
            <th scope="col">{headers.share}</th>
            {hasIntervals ? <th scope="col">{headers.interval}</th> : null}
          </tr>
        </thead>
        <tbody>
          {props.bars.map((b) => (
            <tr key={b.id}>
              <th scope="row">{b.label}</th>
              <td>{new Intl.NumberFormat(locale).format(b.count)}</td>
              <td>{percent(b.share, locale)}</td>
              {hasIntervals ? <td>{b.ci95 ? `${percent(b.ci95[0], locale)} – ${percent(b.ci95[1], locale)}` : ''}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

const HIST = { width: 640, height: 220, left: 12, right: 12, top: 22, bottom: 28, gap: 6 };

export function Histogram(props: HistogramProps) {
  const locale = props.locale ?? 'en-GB';
  const countLabel = props.countLabel ?? ((n: number) => `${new Intl.NumberFormat(locale).format(n)} ${n === 1 ? 'answer' : 'answers'}`);
  const headers = { item: 'Value', count: 'Answers', share: 'Share', ...props.headers };
  const total = props.bins.reduce((sum, b) => sum + b.count, 0);
  const maxCount = Math.max(0, ...props.bins.map((b) => b.count));
  const plotHeight = HIST.height - HIST.top - HIST.bottom;
  const slot = (HIST.width - HIST.left - HIST.right) / Math.max(1, props.bins.length);
  const baseY = HIST.height - HIST.bottom;
  const mode = props.bins.find((b) => b.count === maxCount && b.count > 0);
  const description =
    props.description ??
    (mode ? `${countLabel(total)} in total. Most common: ${mode.label}, ${countLabel(mode.count)}.` : 'No answers yet.');
  const titleId = `${props.id}-title`;
  const descId = `${props.id}-desc`;

  return (
    <figure class="chart chart--histogram" id={props.id}>
      <svg
        class="chart__svg"
        role="img"
        aria-labelledby={`${titleId} ${descId}`}
        viewBox={`0 0 ${HIST.width} ${HIST.height}`}
        width="100%"
        preserveAspectRatio="xMinYMin meet"
        font-size="12"
        font-family="system-ui, sans-serif"
      >
        <title id={titleId}>{props.title}</title>
        <desc id={descId}>{description}</desc>
        {props.bins.map((b, i) => {
          const h = maxCount ? (b.count / maxCount) * plotHeight : 0;
          const x = HIST.left + i * slot + HIST.gap / 2;
          const w = Math.max(1, slot - HIST.gap);
          const cx = x + w / 2;
          return (
            <g class="chart__column" key={`${i}-${b.label}`}>
              <rect class="chart__bar" x={x.toFixed(1)} y={(baseY - h).toFixed(1)} width={w.toFixed(1)} height={h.toFixed(1)} fill={COLOURS.bar} />
              <text class="chart__value" x={cx.toFixed(1)} y={(baseY - h - 6).toFixed(1)} text-anchor="middle" fill={COLOURS.text}>
                {new Intl.NumberFormat(locale).format(b.count)}
              </text>
              <text class="chart__label" x={cx.toFixed(1)} y={baseY + 18} text-anchor="middle" fill={COLOURS.text}>
                {truncate(b.label, Math.max(3, Math.floor(slot / 7)))}
              </text>
            </g>
          );
        })}
        <line class="chart__axis" x1={HIST.left} y1={baseY} x2={HIST.width - HIST.right} y2={baseY} stroke={COLOURS.axis} />
      </svg>
      <table class="chart__table visually-hidden">
        <caption>{props.title}</caption>
        <thead>
          <tr>
            <th scope="col">{headers.item}</th>
            <th scope="col">{headers.count}</th>
            <th scope="col">{headers.share}</th>
          </tr>
        </thead>
        <tbody>
          {props.bins.map((b, i) => (
            <tr key={`${i}-${b.label}`}>
              <th scope="row">{b.label}</th>
              <td>{new Intl.NumberFormat(locale).format(b.count)}</td>
              <td>{percent(total ? b.count / total : 0, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
