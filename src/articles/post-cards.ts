import { escapeAttribute, escapeText } from 'entities';

/** A post on X or Telegram, shown as a quote card that links to it (their widgets would load third-party script). */
export interface PostLink {
  network: 'x' | 'telegram';
  networkName: string;
  /** `@user` on X, the channel's name on Telegram. */
  author: string;
  /** The post's canonical address. */
  url: string;
}

const X_USER = /^[A-Za-z0-9_]{1,15}$/;
const TELEGRAM_CHANNEL = /^[A-Za-z][A-Za-z0-9_]{3,31}$/;
const POST_ID = /^\d{1,20}$/;

export function postLinkFor(href: string): PostLink | null {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || url.port) return null;
  const host = url.hostname.toLowerCase().replace(/^(?:www|mobile)\./, '');
  const segments = url.pathname.split('/').filter((s) => s.length > 0);
  if (host === 'x.com' || host === 'twitter.com') {
    const [user, kind, id] = segments;
    if (segments.length !== 3 || !X_USER.test(user!) || (kind !== 'status' && kind !== 'statuses') || !POST_ID.test(id!)) return null;
    return { network: 'x', networkName: 'X', author: `@${user}`, url: `https://x.com/${user}/status/${id}` };
  }
  if (host === 't.me' || host === 'telegram.me') {
    // t.me/s/CHANNEL/ID is the same post in the web preview.
    const [channel, id] = segments[0] === 's' ? segments.slice(1) : segments;
    if (segments.length !== (segments[0] === 's' ? 3 : 2) || !TELEGRAM_CHANNEL.test(channel!) || !POST_ID.test(id!)) return null;
    return { network: 'telegram', networkName: 'Telegram', author: channel!, url: `https://t.me/${channel}/${id}` };
  }
  return null;
}

/** The card: where the post is from and a link to read it there. Nothing is fetched from the network, now or later. */
export function postCardHtml(post: PostLink): string {
  const shown = post.url.replace(/^https:\/\//, '');
  return (
    `<blockquote class="post-card post-card-${post.network}" data-widget="post" cite="${escapeAttribute(post.url)}">` +
    `<p class="post-card-source"><span class="post-card-network">${escapeText(post.networkName)}</span> ` +
    `<span class="post-card-author">${escapeText(post.author)}</span></p>` +
    `<p class="post-card-link"><a href="${escapeAttribute(post.url)}">${escapeText(shown)}</a></p>` +
    '</blockquote>'
  );
}
