import type { ArticleInput } from '../../src/articles/model';

let counter = 0;

/** A valid article input; tests override what they are about. */
export function articleInput(overrides: Partial<ArticleInput> = {}): ArticleInput {
  counter += 1;
  return {
    slug: `test-article-${counter}`,
    title: `Test article ${counter}`,
    standfirst: 'A standfirst that sums the story up.',
    bodyMd:
      'The new hatchback goes on sale in March with a 1.6-litre engine. Prices start at 1.2 million roubles, according to the maker.\n\n' +
      'Dealers expect strong demand in the regions. The car gets a larger touch screen and heated seats as standard.\n\n' +
      'Deliveries of the automatic version begin in the summer. The company plans to build 50,000 cars this year.',
    author: 'Test Writer',
    rubric: { slug: 'news', name: 'news' },
    tags: [{ slug: 'lada', name: 'lada' }],
    hero: null,
    status: 'published',
    publishedAt: new Date('2026-01-10T10:00:00Z'),
    ...overrides,
  };
}

/** A stored body without the sentence anchors that every body gets at save. */
export const withoutSentenceAnchors = (html: string): string => html.replace(/<span class="s"[^>]*>|<\/span>(?!<\/a>)/g, '');
