import { DateTime } from 'luxon';
import type { ScheduledItem } from '../../articles/schedule';
import { toLocalInput } from '../article-form';
import type { PageContext } from '../context';
import { AdminLayout, Csrf, Notice } from './layout';

export interface ScheduleDay {
  /** The day in the site's zone, `yyyy-MM-dd`. */
  date: string;
  items: ScheduledItem[];
}

export interface ScheduleWeek {
  /** Monday of the week, `yyyy-MM-dd` in the site's zone. */
  start: string;
  count: number;
}

export interface ScheduleViewProps {
  ctx: PageContext;
  /** Monday of the week shown (`yyyy-MM-dd`, site zone). */
  week: string;
  thisWeek: string;
  days: ScheduleDay[];
  /** This week and the next ones, with how many articles each holds. */
  overview: ScheduleWeek[];
  /** Scheduled after the last week of the overview. */
  later: number;
  now: Date;
  notice?: string | null;
  error?: string | null;
  /** The article whose move was refused, to mark its row. */
  errorFor?: number | null;
}

const weekHref = (start: string) => `/admin/schedule?week=${start}`;

/** Articles scheduled in one week, by day in the site's time zone, each with a form to move it. */
export function ScheduleView(props: ScheduleViewProps) {
  const { ctx, week, thisWeek, days, overview, later, now, notice, error } = props;
  const { t, tn } = ctx.i18n;
  const zone = ctx.zone;
  const start = DateTime.fromISO(week, { zone });
  const local = (d: DateTime) => d.setLocale(ctx.i18n.lang);
  const dayTitle = (date: string) => local(DateTime.fromISO(date, { zone })).toLocaleString({ weekday: 'long', day: 'numeric', month: 'long' });
  const short = (date: string) => local(DateTime.fromISO(date, { zone })).toLocaleString({ day: 'numeric', month: 'long' });
  const today = DateTime.fromJSDate(now, { zone }).toISODate();
  const count = days.reduce((n, d) => n + d.items.length, 0);
  const earliest = toLocalInput(new Date(now.getTime() + 60_000).toISOString(), zone);
  return (
    <AdminLayout ctx={ctx} title={t('schedule.title')} section="schedule">
      <h1>{t('schedule.title')}</h1>
      <p>{t('schedule.intro', { zone })}</p>
      <Notice text={notice} />
      <Notice text={error} kind="error" />
      <nav class="pager" aria-label={t('schedule.overview')}>
        <a href={weekHref(start.minus({ weeks: 1 }).toISODate()!)}>{t('schedule.previous')}</a>{' '}
        {week !== thisWeek && <a href={weekHref(thisWeek)}>{t('schedule.thisWeek')}</a>}{' '}
        <a href={weekHref(start.plus({ weeks: 1 }).toISODate()!)}>{t('schedule.next')}</a>
      </nav>
      <h2>{t('schedule.week', { from: short(week), to: short(start.plus({ days: 6 }).toISODate()!) })}</h2>
      <p class="count">{tn('schedule.weekCount', count)}</p>
      {count === 0 && <p>{t('schedule.none')}</p>}
      {days.map((day) => (
        <section key={day.date} class="schedule-day" data-day={day.date}>
          <h3>
            {dayTitle(day.date)}
            {day.date === today && <span class="hint"> — {t('schedule.today')}</span>}
          </h3>
          <table class="list">
            <thead>
              <tr>
                <th scope="col">{t('schedule.time')}</th>
                <th scope="col">{t('schedule.article')}</th>
                <th scope="col">{t('schedule.author')}</th>
                <th scope="col">{t('schedule.rubric')}</th>
                <th scope="col">{t('schedule.moveTo', { zone })}</th>
              </tr>
            </thead>
            <tbody>
              {day.items.map((item) => (
                <tr key={item.id} data-article={item.id} aria-invalid={props.errorFor === item.id ? true : undefined}>
                  <td>
                    <time dateTime={item.publishedAt}>{DateTime.fromISO(item.publishedAt, { zone: 'utc' }).setZone(zone).toFormat('HH:mm')}</time>
                  </td>
                  <td>
                    <a href={`/admin/articles/${item.id}`}>{item.title}</a>
                  </td>
                  <td>{item.author || t('schedule.noAuthor')}</td>
                  <td>{item.rubric ?? t('schedule.noRubric')}</td>
                  <td>
                    <form method="post" action={`/admin/schedule/${item.id}/move`} class="inline">
                      <Csrf ctx={ctx} />
                      <input type="hidden" name="week" value={week} />
                      <input type="datetime-local" name="publishAt" value={toLocalInput(item.publishedAt, zone)} min={earliest} required aria-label={t('schedule.moveTo', { zone })} />{' '}
                      <button type="submit" class="secondary">
                        {t('schedule.move')}
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      <section class="box schedule-overview">
        <h2>{t('schedule.overview')}</h2>
        <ul>
          {overview.map((w) => (
            <li key={w.start}>
              {w.start === week ? (
                <strong>{t('schedule.overviewWeek', { from: short(w.start) })}</strong>
              ) : (
                <a href={weekHref(w.start)}>{t('schedule.overviewWeek', { from: short(w.start) })}</a>
              )}
              : {tn('schedule.weekCount', w.count)}
            </li>
          ))}
          {later > 0 && (
            <li>
              {t('schedule.overviewLater')}: {tn('schedule.weekCount', later)}
            </li>
          )}
        </ul>
      </section>
    </AdminLayout>
  );
}
