/**
 * The only origins an article may frame: the privacy-friendly players of the video hosts that
 * articles/embeds.ts recognises. The CSP's frame-src is built from this list, so a player from
 * anywhere else is refused by the browser even if its markup got into a page.
 */
export const EMBED_ORIGINS = {
  youtube: 'https://www.youtube-nocookie.com',
  vimeo: 'https://player.vimeo.com',
  vk: 'https://vk.com',
  rutube: 'https://rutube.ru',
} as const;

export type EmbedProvider = keyof typeof EMBED_ORIGINS;
