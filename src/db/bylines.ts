import slugify from '@sindresorhus/slugify';

/**
 * The people a plain byline names, in order, each with the slug of their author page.
 *
 * The rule: a byline is split at commas, semicolons, "&" and the whole word "and" (any case), so
 * "Anna Kovacs, Ben Ito and Chloé Marr" is three people; pieces are trimmed, and a piece whose
 * slug is empty (punctuation only) or repeats an earlier one is dropped, so one person is linked
 * once. A name that really contains "and" cannot be written as a plain byline; the authors table
 * is the place for such names once authors are managed in the admin.
 *
 * It lives in db/ because migration 012 turns the existing bylines into authors with it, and
 * db/ comes before articles/ in the dependency order.
 */
export function bylineNames(byline: string): Array<{ name: string; slug: string }> {
  const out: Array<{ name: string; slug: string }> = [];
  const seen = new Set<string>();
  for (const piece of byline.split(/\s*(?:[,;&]|\band\b)\s*/iu)) {
    const name = piece.replace(/\s+/gu, ' ').trim();
    if (name === '') continue;
    const slug = slugify(name).slice(0, 120).replace(/-+$/u, '');
    if (slug === '' || seen.has(slug)) continue;
    seen.add(slug);
    out.push({ name, slug });
  }
  return out;
}
