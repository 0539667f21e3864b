import type { MailMessage } from '../mail/mailer';
import type { Campaign } from '../grandprix/campaign-schema';
import { formatDeadline } from '../grandprix/deadline';

export function prizeMail(p: {
  to: string;
  name: string;
  campaign: Campaign;
  code: string;
  prize: number;
  /** True when the prize came to this entry after a forfeit. */
  passedOn: boolean;
  claimBy: Date;
  siteUrl: string;
}): MailMessage {
  const title = p.campaign.prizes[p.prize - 1]?.title ?? `prize ${p.prize}`;
  const drawPage = new URL(`/grand-prix/${p.campaign.slug}/draw`, p.siteUrl).href;
  return {
    to: p.to,
    subject: `You have won a prize: ${title}`,
    text: [
      `Hello ${p.name},`,
      '',
      p.passedOn
        ? `prize ${p.prize} of the ${p.campaign.title} draw, "${title}", was not claimed by its first holder and has passed to your entry ${p.code}, the next alternate.`
        : `your entry ${p.code} has won prize ${p.prize} in the ${p.campaign.title} draw: "${title}".`,
      '',
      `To claim it, reply to this message with your entry code before ${formatDeadline(p.claimBy, p.campaign.timezone)}.`,
      'If the prize is not claimed by then, it passes to the next alternate.',
      '',
      `The draw record, and how anyone can check it, is on ${drawPage}.`,
    ].join('\n'),
  };
}
