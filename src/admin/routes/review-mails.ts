import type { ReviewMailTexts } from '../../articles/review/review-service';
import { adminI18n } from '../i18n';

/** The review's mails from the admin catalogue, each in its recipient's language; times in the site's zone. */
export function reviewMailTexts(zone: string): ReviewMailTexts {
  const mail = (lang: Parameters<typeof adminI18n>[0], to: string, subject: Parameters<ReturnType<typeof adminI18n>['t']>[0], body: typeof subject, params: Record<string, string>) => {
    const { t } = adminI18n(lang, zone);
    return { to, subject: t(subject, params), text: `${t(body, params)}\n` };
  };
  return {
    submitted: (p) => mail(p.lang, p.to, 'review.mail.submitted.subject', 'review.mail.submitted.body', { title: p.title, by: p.by, articleUrl: p.articleUrl, queueUrl: p.queueUrl }),
    changesRequested: (p) => mail(p.lang, p.to, 'review.mail.changes.subject', 'review.mail.changes.body', { title: p.title, by: p.by, articleUrl: p.articleUrl, note: p.note }),
    published: (p) => mail(p.lang, p.to, 'review.mail.published.subject', 'review.mail.published.body', { title: p.title, by: p.by, articleUrl: p.articleUrl, publicUrl: p.publicUrl }),
    scheduled: (p) =>
      mail(p.lang, p.to, 'review.mail.scheduled.subject', 'review.mail.scheduled.body', { title: p.title, by: p.by, articleUrl: p.articleUrl, at: adminI18n(p.lang, zone).time(p.at), zone }),
  };
}
