import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import { Type } from 'typebox';
import { reschedule, scheduleQueries } from '../../articles/schedule';
import { Refusal } from '../../errors';
import { statusOf } from '../../web/refusals';
import { renderPage } from '../../web/render';
import { Form, Query, RowId, Text } from '../../web/schemas';
import { adminI18nOf, currentUser, pageContext, sendHtml } from '../context';
import type { AdminDeps } from '../deps';
import { ScheduleView, type ScheduleDay, type ScheduleWeek } from '../views/schedule';

const DAY = '^\\d{4}-\\d{2}-\\d{2}$';
/** How many weeks, this one included, the overview counts. */
const OVERVIEW_WEEKS = 6;
/** How far the overview's "later" looks: a year of schedule is more than any newsroom plans. */
const LATER_WEEKS = 52;

const schemas = {
  page: { querystring: Query({ week: Type.Optional(Text(10, { pattern: DAY })), moved: Type.Optional(RowId), same: Type.Optional(RowId) }) },
  move: {
    params: Type.Object({ id: RowId }),
    body: Form({ publishAt: Text(100), week: Type.Optional(Text(10, { pattern: DAY })) }),
  },
};

/** The schedule: editors and admins see what waits for its time and move it to another. */
export const scheduleRoutes: FastifyPluginAsyncTypebox<AdminDeps> = async (app, deps) => {
  const queries = scheduleQueries(deps.db);
  const zone = deps.site.zone;
  const editorOnly = { admin: 'editor' as const };

  /** Monday of the week holding `day` (any `yyyy-MM-dd`, site zone); this week when absent or impossible. */
  function mondayOf(day: string | undefined, now: Date): DateTime {
    const parsed = day ? DateTime.fromISO(day, { zone }) : null;
    const base = parsed?.isValid ? parsed : DateTime.fromJSDate(now, { zone });
    return base.startOf('week');
  }

  async function show(request: FastifyRequest, reply: FastifyReply, week: DateTime, status: number, extra: { notice?: string | null; error?: string | null; errorFor?: number | null } = {}) {
    const now = deps.now();
    const thisWeek = DateTime.fromJSDate(now, { zone }).startOf('week');
    const items = await queries.list({ from: week.toJSDate(), to: week.plus({ weeks: 1 }).toJSDate() }, now);
    const days: ScheduleDay[] = [];
    for (const item of items) {
      const date = DateTime.fromISO(item.publishedAt, { zone: 'utc' }).setZone(zone).toISODate()!;
      const last = days.at(-1);
      if (last?.date === date) last.items.push(item);
      else days.push({ date, items: [item] });
    }
    const overviewEnd = thisWeek.plus({ weeks: OVERVIEW_WEEKS });
    const times = await queries.times(now, thisWeek.plus({ weeks: LATER_WEEKS }).toJSDate());
    const overview: ScheduleWeek[] = Array.from({ length: OVERVIEW_WEEKS }, (_, i) => ({ start: thisWeek.plus({ weeks: i }).toISODate()!, count: 0 }));
    let later = 0;
    for (const at of times) {
      const local = DateTime.fromISO(at, { zone: 'utc' }).setZone(zone);
      if (local >= overviewEnd) later++;
      else {
        const index = Math.floor(local.startOf('week').diff(thisWeek, 'weeks').weeks + 0.5);
        if (index >= 0 && index < OVERVIEW_WEEKS) overview[index]!.count++;
      }
    }
    const ctx = pageContext(request, reply, deps.site);
    const view = ScheduleView({ ctx, week: week.toISODate()!, thisWeek: thisWeek.toISODate()!, days, overview, later, now, ...extra });
    return sendHtml(reply.status(status), renderPage(view));
  }


  app.get('/admin/schedule', { config: editorOnly, schema: schemas.page }, async (request, reply) => {
    const week = mondayOf(request.query.week, deps.now());
    const id = request.query.moved ?? request.query.same;
    let notice: string | null = null;
    if (id) {
      const article = await deps.articles.findById(id);
      const i18n = adminI18nOf(request, deps.site);
      if (article) notice = i18n.t(request.query.same !== undefined ? 'schedule.unchanged' : 'schedule.moved', { title: article.title, time: i18n.time(article.publishedAt) });
    }
    return show(request, reply, week, 200, { notice });
  });

  app.post('/admin/schedule/:id/move', { config: editorOnly, schema: schemas.move }, async (request, reply) => {
    const user = currentUser(request);
    const { id } = request.params;
    const now = deps.now();
    const week = mondayOf(request.body.week, now);
    const typed = request.body.publishAt.trim();
    try {
      const parsed = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(typed) ? DateTime.fromISO(typed, { zone }) : null;
      if (!parsed?.isValid || parsed.year < 1990 || parsed.year > 2999) throw new Refusal('schedule_time', { zone }, 'publishAt');
      const { article, changed } = await reschedule(deps, { id, at: parsed.toJSDate() }, user.email, now, zone);
      // Back to the week the article now sits in, so the person sees where it went.
      const target = DateTime.fromISO(article.publishedAt, { zone: 'utc' }).setZone(zone).startOf('week').toISODate();
      return reply.redirect(`/admin/schedule?week=${target}&${changed ? 'moved' : 'same'}=${id}`, 303);
    } catch (error) {
      // What the person can fix is said on the schedule itself, beside the rest of the week.
      if (!(error instanceof Refusal) || error.code === 'no_article' || statusOf(error.code) >= 500) throw error;
      return show(request, reply, week, statusOf(error.code), { error: adminI18nOf(request, deps.site).refusal(error), errorFor: id });
    }
  });
};
