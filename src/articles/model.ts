/** The article as features see it, independent of how rows are stored. */
export interface Named {
  slug: string;
  name: string;
}

export interface Hero {
  url: string;
  alt: string;
  credit: string | null;
}

export interface SummaryPointRecord {
  text: string;
  sentence: number;
  start: number;
  end: number;
}

export interface StoredSummary {
  points: SummaryPointRecord[];
  lang: string;
}

export interface ArticleInput {
  slug: string;
  title: string;
  standfirst: string;
  bodyMd: string;
  author: string;
  rubric: Named | null;
  tags: Named[];
  hero: Hero | null;
  status: 'draft' | 'published';
  publishedAt: Date;
}

export interface Article {
  id: number;
  slug: string;
  title: string;
  standfirst: string;
  bodyMd: string;
  bodyHtml: string;
  plainText: string;
  author: string;
  rubric: Named | null;
  tags: Named[];
  hero: Hero | null;
  status: 'draft' | 'published';
  publishedAt: string;
  createdAt: string;
  updatedAt: string;
  revision: number;
  summary: StoredSummary | null;
  summaryEdited: boolean;
}

export interface ArticleLink {
  id: number;
  slug: string;
  title: string;
  standfirst: string;
  publishedAt: string;
  rubric: Named | null;
  hero: Hero | null;
}

/** Published and due: scheduled articles appear by themselves when their time comes. */
export function isVisible(article: Pick<Article, 'status' | 'publishedAt'>, now: Date): boolean {
  return article.status === 'published' && article.publishedAt <= now.toISOString();
}
