import { escapeAttribute, escapeText } from 'entities';
import { EMBED_ORIGINS, type EmbedProvider } from '../web/embed-origins';

/** A video link we know how to play: the host's privacy-friendly player and where the video lives. */
export interface VideoEmbed {
  provider: EmbedProvider;
  /** The host's name as readers know it. */
  hostName: string;
  /** The player URL, loaded into an iframe only after the reader clicks. */
  embedSrc: string;
  /** Upright players (YouTube Shorts) get an upright placeholder. */
  portrait: boolean;
}

const HOST_NAMES: Record<EmbedProvider, string> = { youtube: 'YouTube', vimeo: 'Vimeo', vk: 'VK Video', rutube: 'Rutube' };

const YOUTUBE_ID = /^[A-Za-z0-9_-]{11}$/;
const VK_VIDEO = /^(?:video|clip)(-?\d+)_(\d+)$/;

function parseHttpUrl(href: string): URL | null {
  try {
    const url = new URL(href);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : null;
  } catch {
    return null;
  }
}

/** `www.`/`m.` are the same site to a reader. */
function bareHost(url: URL): string {
  return url.hostname.toLowerCase().replace(/^(?:www|m)\./, '');
}

/** `?t=90`, `?t=1m30s` or `?start=90` → seconds; anything else → null. */
function youtubeStart(url: URL): number | null {
  const raw = url.searchParams.get('t') ?? url.searchParams.get('start');
  if (!raw) return null;
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?$/.exec(raw);
  if (!match) return null;
  const seconds = Number(match[1] ?? 0) * 3600 + Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0);
  return seconds > 0 ? seconds : null;
}

function youtube(url: URL, host: string, segments: string[]): VideoEmbed | null {
  let id: string | undefined;
  let portrait = false;
  if (host === 'youtu.be') id = segments[0];
  else if (host === 'youtube.com' || host === 'music.youtube.com' || host === 'youtube-nocookie.com') {
    if (segments[0] === 'watch' && segments.length === 1) id = url.searchParams.get('v') ?? undefined;
    else if (segments.length === 2 && ['shorts', 'embed', 'live', 'v'].includes(segments[0]!)) {
      id = segments[1];
      portrait = segments[0] === 'shorts';
    }
  }
  if (!id || !YOUTUBE_ID.test(id)) return null;
  const start = youtubeStart(url);
  const embedSrc = `${EMBED_ORIGINS.youtube}/embed/${id}${start ? `?start=${start}` : ''}`;
  return { provider: 'youtube', hostName: HOST_NAMES.youtube, embedSrc, portrait };
}

function vimeo(host: string, segments: string[]): VideoEmbed | null {
  let id: string | undefined;
  let hash: string | undefined;
  if (host === 'vimeo.com') {
    // vimeo.com/ID, vimeo.com/ID/HASH (unlisted), vimeo.com/channels/NAME/ID, vimeo.com/groups/NAME/videos/ID
    const at = segments.findIndex((s) => /^\d+$/.test(s));
    const prefixOk = at === 0 || (at === 2 && segments[0] === 'channels') || (at === 3 && segments[0] === 'groups' && segments[2] === 'videos');
    if (at >= 0 && prefixOk) {
      id = segments[at];
      const rest = segments.slice(at + 1);
      if (rest.length === 1 && /^[0-9a-f]{6,20}$/.test(rest[0]!)) hash = rest[0];
      else if (rest.length > 0) id = undefined;
    }
  } else if (host === 'player.vimeo.com' && segments[0] === 'video' && segments.length === 2 && /^\d+$/.test(segments[1]!)) {
    id = segments[1];
  }
  if (!id || id.length > 12) return null;
  // dnt=1: the player sets no tracking cookies and sends no session data.
  const embedSrc = `${EMBED_ORIGINS.vimeo}/video/${id}?dnt=1${hash ? `&h=${hash}` : ''}`;
  return { provider: 'vimeo', hostName: HOST_NAMES.vimeo, embedSrc, portrait: false };
}

function vk(url: URL, host: string, segments: string[]): VideoEmbed | null {
  if (!['vk.com', 'vk.ru', 'vkvideo.ru'].includes(host)) return null;
  let name: string | null = null;
  if (segments.length === 1 && VK_VIDEO.test(segments[0]!)) name = segments[0]!;
  else if (segments.length === 2 && segments[0] === 'playlist') name = url.searchParams.get('z')?.split('/')[0] ?? null;
  else if (segments.length <= 1) name = url.searchParams.get('z')?.split('/')[0] ?? null;
  const match = name ? VK_VIDEO.exec(name) : null;
  if (!match) return null;
  const embedSrc = `${EMBED_ORIGINS.vk}/video_ext.php?oid=${match[1]}&id=${match[2]}`;
  return { provider: 'vk', hostName: HOST_NAMES.vk, embedSrc, portrait: false };
}

function rutube(host: string, segments: string[]): VideoEmbed | null {
  if (host !== 'rutube.ru') return null;
  const id = ['video', 'shorts'].includes(segments[0]!) && segments.length === 2 ? segments[1] : segments[0] === 'play' && segments[1] === 'embed' && segments.length === 3 ? segments[2] : undefined;
  if (!id || !/^[0-9a-f]{32}$/.test(id)) return null;
  return { provider: 'rutube', hostName: HOST_NAMES.rutube, embedSrc: `${EMBED_ORIGINS.rutube}/play/embed/${id}`, portrait: segments[0] === 'shorts' };
}

/** The player for a link to a video on YouTube, Vimeo, VK Video or Rutube; null for any other link. */
export function videoEmbedFor(href: string): VideoEmbed | null {
  const url = parseHttpUrl(href);
  if (!url || url.username || url.password || (url.port && url.port !== '443' && url.port !== '80')) return null;
  const host = bareHost(url);
  const segments = url.pathname.split('/').filter((s) => s.length > 0);
  return youtube(url, host, segments) ?? vimeo(host, segments) ?? vk(url, host, segments) ?? rutube(host, segments);
}

/**
 * The placeholder that stands for the player until the reader clicks: a link to the video (so it
 * works without JavaScript and in feeds), the host's name and a play button. It loads nothing
 * from the host; /static/embeds.js swaps in the iframe from data-embed-src on click.
 */
export function videoEmbedHtml(embed: VideoEmbed, href: string): string {
  const shown = href.replace(/^https?:\/\/(?:www\.)?/, '');
  const classes = `embed embed-${embed.provider}${embed.portrait ? ' embed-portrait' : ''}`;
  return (
    `<figure class="${classes}" data-widget="embed" data-embed-src="${escapeAttribute(embed.embedSrc)}">` +
    `<a class="embed-poster" href="${escapeAttribute(href)}">` +
    '<span class="embed-play" aria-hidden="true"></span>' +
    `<span class="embed-host">${escapeText(embed.hostName)}</span> ` +
    `<span class="embed-url">${escapeText(shown)}</span>` +
    '</a></figure>'
  );
}
