import type { MailMessage } from '../mail/mailer';
import type { Campaign } from './campaign-schema';
import { formatDeadline } from './deadline';

export function confirmationMail(p: { to: string; name: string; campaign: Campaign; link: string; expiresAt: Date }): MailMessage {
  return {
    to: p.to,
    subject: `Confirm your entry: ${p.campaign.title}`,
    text: [
      `Hello ${p.name},`,
      '',
      `thank you for voting in ${p.campaign.title}. Please confirm your entry by opening this link:`,
      '',
      p.link,
      '',
      `The link works once, until ${formatDeadline(p.expiresAt, p.campaign.timezone)}. Until you confirm, your entry is not counted.`,
      '',
      'If you did not take part, ignore this message: nothing is counted without confirmation.',
    ].join('\n'),
  };
}

export function receiptMail(p: { to: string; name: string; campaign: Campaign; code: string; siteUrl: string }): MailMessage {
  const drawPage = new URL(`/grand-prix/${p.campaign.slug}/draw`, p.siteUrl).href;
  return {
    to: p.to,
    subject: `Your entry code: ${p.code}`,
    text: [
      `Hello ${p.name},`,
      '',
      `your entry in ${p.campaign.title} is confirmed. Your public entry code is:`,
      '',
      `    ${p.code}`,
      '',
      `Keep it: after the draw you can check it on ${drawPage}, where anyone can verify how the winners were chosen.`,
    ].join('\n'),
  };
}
