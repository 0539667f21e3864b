import type { Lang } from '../i18n/messages';
import type { MailMessage } from '../mail/mailer';
import type { Campaign } from './campaign-schema';
import { deadlineLocale, formatDeadline } from './deadline';
import { hoursText } from './page-messages';

interface ConfirmationMail {
  to: string;
  name: string;
  campaign: Campaign;
  link: string;
  expiresAt: Date;
  /** The site's language (SITE_LANG); English when not given. */
  lang?: Lang;
}

// Each mail is written whole in each language rather than assembled from catalogue phrases:
// a letter reads naturally only when its sentences are written together.
const confirmationTexts: Record<Lang, (p: ConfirmationMail, until: string) => { subject: string; lines: string[] }> = {
  en: (p, until) => ({
    subject: `Confirm your entry: ${p.campaign.title}`,
    lines: [
      `Hello ${p.name},`,
      '',
      `thank you for voting in ${p.campaign.title}. Please confirm your entry by opening this link:`,
      '',
      p.link,
      '',
      `The link works once, for ${hoursText(p.campaign.confirm_hours, 'en')}: until ${until}. Until you confirm, your entry is not counted.`,
      '',
      'If you did not take part, ignore this message: nothing is counted without confirmation.',
    ],
  }),
  ru: (p, until) => ({
    subject: `Подтвердите участие: ${p.campaign.title}`,
    lines: [
      `Здравствуйте, ${p.name}!`,
      '',
      `Спасибо за участие в голосовании «${p.campaign.title}»! Чтобы подтвердить заявку, откройте ссылку:`,
      '',
      p.link,
      '',
      `Ссылка одноразовая и действует ${hoursText(p.campaign.confirm_hours, 'ru')}: до ${until}. Пока заявка не подтверждена, ваш голос не учитывается.`,
      '',
      'Если вы не участвовали в голосовании, просто не обращайте внимания на это письмо: без подтверждения ничего не засчитывается.',
    ],
  }),
};

export function confirmationMail(p: ConfirmationMail): MailMessage {
  const lang = p.lang ?? 'en';
  const { subject, lines } = confirmationTexts[lang](p, formatDeadline(p.expiresAt, p.campaign.timezone, deadlineLocale(lang)));
  return { to: p.to, subject, text: lines.join('\n') };
}

interface ReceiptMail {
  to: string;
  name: string;
  campaign: Campaign;
  code: string;
  siteUrl: string;
  /** The site's language (SITE_LANG); English when not given. */
  lang?: Lang;
}

const receiptTexts: Record<Lang, (p: ReceiptMail, drawPage: string) => { subject: string; lines: string[] }> = {
  en: (p, drawPage) => ({
    subject: `Your entry code: ${p.code}`,
    lines: [
      `Hello ${p.name},`,
      '',
      `your entry in ${p.campaign.title} is confirmed. Your public entry code is:`,
      '',
      `    ${p.code}`,
      '',
      `Keep it: after the draw you can check it on ${drawPage}, where anyone can verify how the winners were chosen.`,
    ],
  }),
  ru: (p, drawPage) => ({
    subject: `Ваш код участника: ${p.code}`,
    lines: [
      `Здравствуйте, ${p.name}!`,
      '',
      `Ваша заявка на участие в голосовании «${p.campaign.title}» подтверждена. Ваш открытый код участника:`,
      '',
      `    ${p.code}`,
      '',
      `Сохраните его: после розыгрыша призов вы сможете найти его на странице ${drawPage} — там любой может проверить, как были выбраны победители.`,
    ],
  }),
};

export function receiptMail(p: ReceiptMail): MailMessage {
  const drawPage = new URL(`/grand-prix/${p.campaign.slug}/draw`, p.siteUrl).href;
  const { subject, lines } = receiptTexts[p.lang ?? 'en'](p, drawPage);
  return { to: p.to, subject, text: lines.join('\n') };
}
