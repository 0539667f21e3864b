import { sql, type Kysely } from 'kysely';
import type { Capabilities } from '../database';

export async function up(db: Kysely<unknown>, caps: Capabilities): Promise<void> {
  await db.schema
    .createTable('rubrics')
    .addColumn('slug', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('tags')
    .addColumn('slug', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('articles')
    .addColumn('id', caps.serialType, (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('standfirst', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('body_md', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('plain_text', 'text', (c) => c.notNull())
    .addColumn('author', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('rubric_slug', 'text', (c) => c.references('rubrics.slug'))
    .addColumn('hero_url', 'text')
    .addColumn('hero_alt', 'text')
    .addColumn('hero_credit', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft', 'published')`))
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('summary_json', 'text')
    .addColumn('summary_edited', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // Previous/next and listings walk this index in (published_at, id) order.
  await db.schema.createIndex('articles_timeline').on('articles').columns(['status', 'published_at', 'id']).execute();
  await db.schema.createIndex('articles_rubric').on('articles').columns(['rubric_slug', 'published_at']).execute();
  await db.schema
    .createTable('article_tags')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('tag_slug', 'text', (c) => c.notNull().references('tags.slug'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('article_tags_pk', ['article_id', 'tag_slug'])
    .execute();
  await db.schema.createIndex('article_tags_by_tag').on('article_tags').columns(['tag_slug', 'article_id']).execute();
  await db.schema
    .createTable('article_revisions')
    .addColumn('id', caps.serialType, (c) => c.primaryKey())
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('snapshot_json', 'text', (c) => c.notNull())
    .addColumn('summary_json', 'text')
    .addColumn('summary_edited', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('editor', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('article_revisions_unique', ['article_id', 'revision'])
    .execute();
  await db.schema
    .createTable('site_state')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'integer', (c) => c.notNull())
    .execute();
  await db.insertInto('site_state' as never).values({ key: 'content_version', value: 1 } as never).execute();
}

