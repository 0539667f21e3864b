import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * Instants are stored as ISO 8601 UTC text of fixed width (`2026-11-20T09:30:00.000Z`) on every
 * engine: it sorts chronologically as text, compares the same way in SQLite and PostgreSQL and
 * round-trips without driver-specific Date parsing. Booleans are 0/1 integers for the same reason.
 */
export type IsoInstant = string;

export interface ArticlesTable {
  id: Generated<number>;
  slug: string;
  title: string;
  standfirst: string;
  body_md: string;
  body_html: string;
  plain_text: string;
  author: string;
  rubric_slug: string | null;
  hero_url: string | null;
  hero_alt: string | null;
  hero_credit: string | null;
  status: 'draft' | 'published';
  published_at: IsoInstant;
  created_at: IsoInstant;
  updated_at: IsoInstant;
  revision: number;
  summary_json: string | null;
  summary_edited: number;
}

export interface RubricsTable {
  slug: string;
  name: string;
}

export interface TagsTable {
  slug: string;
  name: string;
}

export interface ArticleTagsTable {
  article_id: number;
  tag_slug: string;
  position: number;
}

export interface ArticleRevisionsTable {
  id: Generated<number>;
  article_id: number;
  revision: number;
  snapshot_json: string;
  summary_json: string | null;
  summary_edited: number;
  editor: string | null;
  created_at: IsoInstant;
}

export interface SiteStateTable {
  key: string;
  value: number;
}

export interface Database {
  articles: ArticlesTable;
  rubrics: RubricsTable;
  tags: TagsTable;
  article_tags: ArticleTagsTable;
  article_revisions: ArticleRevisionsTable;
  site_state: SiteStateTable;
}

export type ArticleRow = Selectable<ArticlesTable>;
export type NewArticleRow = Insertable<ArticlesTable>;
export type ArticleUpdate = Updateable<ArticlesTable>;
