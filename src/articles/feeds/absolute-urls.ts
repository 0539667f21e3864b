import { DomUtils, parseDocument } from 'htmlparser2';

/** Attributes that hold one URL; `srcset` holds a list and is read apart. */
const URL_ATTRIBUTES = ['href', 'src', 'poster', 'cite'] as const;

function absolute(value: string, base: string): string {
  try {
    return new URL(value.trim(), base).href;
  } catch {
    // Not a URL a browser could follow either: left as written.
    return value;
  }
}

/**
 * A `srcset` with each candidate's URL made absolute, its descriptors kept. Read as the HTML
 * standard splits it (a URL runs to white space; a comma right after it ends the candidate), so a
 * URL holding a comma survives.
 */
export function absoluteSrcset(srcset: string, base: string): string {
  const out: string[] = [];
  let i = 0;
  const n = srcset.length;
  const space = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f';
  while (i < n) {
    while (i < n && (space(srcset[i]) || srcset[i] === ',')) i++;
    if (i >= n) break;
    const start = i;
    while (i < n && !space(srcset[i])) i++;
    let url = srcset.slice(start, i);
    let descriptors = '';
    if (url.endsWith(',')) url = url.replace(/,+$/, '');
    else {
      const from = i;
      while (i < n && srcset[i] !== ',') i++;
      descriptors = srcset.slice(from, i).trim();
    }
    out.push(descriptors ? `${absolute(url, base)} ${descriptors}` : absolute(url, base));
  }
  return out.join(', ');
}

/**
 * Sanitized body HTML as a feed carries it: a feed reader shows it away from the page, where
 * `/media/…` or `#s3` would point nowhere, so every link and image address is made absolute
 * against the article's own address (what a browser on the page resolves them against).
 * Parsed with htmlparser2, the sanitizer's own parser, and written back with its serializer.
 */
export function absoluteUrls(html: string, pageUrl: string): string {
  const document = parseDocument(html);
  const elements = DomUtils.findAll((node) => Object.keys(node.attribs).length > 0, document.children);
  for (const element of elements) {
    const attribs = element.attribs;
    for (const name of URL_ATTRIBUTES) {
      const value = attribs[name];
      if (value !== undefined) attribs[name] = absolute(value, pageUrl);
    }
    if (attribs.srcset !== undefined) attribs.srcset = absoluteSrcset(attribs.srcset, pageUrl);
  }
  // `utf8`: only the five characters XML and HTML need are escaped; Cyrillic stays as it is.
  return DomUtils.getOuterHTML(document.children, { encodeEntities: 'utf8' });
}
