import type { FeedChannel, FeedItem } from './feed-items';

/** JSON Feed 1.1 (https://jsonfeed.org/version/1.1): the same items as the RSS beside it. */
export function renderJsonFeed(channel: FeedChannel, feedUrl: string, items: readonly FeedItem[]): string {
  const feed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: channel.title,
    home_page_url: channel.homeUrl,
    feed_url: feedUrl,
    description: channel.description,
    language: channel.lang,
    items: items.map((item) => ({
      // The article's number never changes; its address does when an editor renames it.
      id: String(item.id),
      url: item.url,
      title: item.title,
      content_html: item.contentHtml,
      ...(item.summary ? { summary: item.summary } : {}),
      ...(item.image ? { image: item.image.url } : {}),
      date_published: item.publishedAt,
      date_modified: item.modifiedAt,
      authors: item.authors.map((a) => (a.url ? { name: a.name, url: a.url } : { name: a.name })),
      tags: [...new Set([...(item.rubric ? [item.rubric.name] : []), ...item.tags.map((t) => t.name)])],
      language: channel.lang,
    })),
  };
  return `${JSON.stringify(feed)}\n`;
}
