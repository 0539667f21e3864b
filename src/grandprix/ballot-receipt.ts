import type { Lang } from '../i18n/messages';
import type { MailMessage } from '../mail/mailer';

// The receipt mail's closing paragraph about the ballot secret, written whole in each language
// (like mail-texts.ts) and added to the receipt, so the mail and the page give the same secret.
const texts: Record<Lang, (secret: string, checkPage: string) => string[]> = {
  en: (secret, checkPage) => [
    '',
    'Your ballot secret (keep this to check your ballot):',
    '',
    `    ${secret}`,
    '',
    `It is yours alone: we keep only its SHA-256, under which your ballot appears in the ballot list published when entries freeze, with no name and no entry code beside it. Paste it on ${checkPage} to see your ballot as it was recorded. We cannot send it again.`,
  ],
  ru: (secret, checkPage) => [
    '',
    'Секретный код вашего бюллетеня (сохраните его, чтобы проверить свой бюллетень):',
    '',
    `    ${secret}`,
    '',
    `Он есть только у вас: мы храним лишь его SHA-256 — под ним ваш бюллетень войдёт в список бюллетеней, который публикуется при закрытии приёма заявок, без имени и без кода участника. Вставьте код на странице ${checkPage}, чтобы увидеть свой бюллетень таким, каким он записан. Прислать код ещё раз мы не сможем.`,
  ],
};

export function withBallotSecret(mail: MailMessage, p: { secret: string; slug: string; siteUrl: string; lang: Lang }): MailMessage {
  const checkPage = new URL(`/grand-prix/${p.slug}/ballot`, p.siteUrl).href;
  return { ...mail, text: [mail.text, ...texts[p.lang](p.secret, checkPage)].join('\n') };
}
