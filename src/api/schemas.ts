import { Type, type Static, type TSchema } from 'typebox';
import { Query, SlugParams } from '../web/schemas';

/*
 * The Content API's schemas: what each route accepts (validated by Fastify, web/validation.ts)
 * and what it answers (documented in /api/v1/openapi.json and checked against real answers by
 * content-api-openapi.test.ts). Plain JSON Schema, as TypeBox writes it.
 */

/** One text value with a description (web/schemas.ts's Text, documented). */
const Text = (maxLength: number, options: { pattern?: string; description?: string } = {}) => Type.String({ maxLength, ...options });

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const NamedLink = Type.Object(
  { slug: Type.String(), name: Type.String(), url: Type.String({ format: 'uri', description: 'Its page on the site' }) },
  { additionalProperties: false },
);

const Source = Type.Object({ type: Type.String({ description: 'image/avif, image/webp, image/jpeg or image/png' }), srcset: Type.String({ description: 'Absolute URLs with their widths (`URL 320w, URL 640w, …`)' }) }, { additionalProperties: false });

export const Image = Type.Object(
  {
    url: Type.String({ description: 'An absolute URL: for a library image its copy about 960 pixels wide, else the address given' }),
    alt: Type.String(),
    credit: Nullable(Type.String()),
    caption: Nullable(Type.String()),
    width: Nullable(Type.Integer({ description: 'Of the original; null for an image from elsewhere' })),
    height: Nullable(Type.Integer()),
    original_url: Nullable(Type.String({ description: 'The full-size original (library images)' })),
    sources: Type.Array(Source, { description: 'Every resized copy, best format first (library images; empty otherwise)' }),
  },
  { additionalProperties: false },
);

export const SummaryPoint = Type.Object(
  {
    text: Type.String(),
    sentence: Type.Integer({ description: 'Which sentence of the article (0-based)' }),
    start: Type.Integer({ description: 'Offset of the sentence in the article’s plain text' }),
    end: Type.Integer(),
  },
  { additionalProperties: false },
);

export const Summary = Type.Object({ lang: Type.String(), points: Type.Array(SummaryPoint) }, { additionalProperties: false });

const ARTICLE_PROPERTIES = {
  id: Type.Integer(),
  slug: Type.String(),
  url: Type.String({ format: 'uri' }),
  title: Type.String(),
  standfirst: Type.String(),
  published_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
  authors: Type.Array(NamedLink),
  rubric: Nullable(NamedLink),
  tags: Type.Array(NamedLink),
  hero: Nullable(Image),
  summary: Nullable(Summary),
  html: Type.String({ description: 'The body as sanitized HTML; its links and images are site-relative' }),
};

export type ArticleField = keyof typeof ARTICLE_PROPERTIES;
export const ARTICLE_FIELDS = Object.keys(ARTICLE_PROPERTIES) as ArticleField[];

/** An article as answered without `fields`: every property present. */
export const FullArticle = Type.Object(ARTICLE_PROPERTIES, { additionalProperties: false });
export type FullArticle = Static<typeof FullArticle>;

/** An article as documented: `fields` keeps only the properties it names. */
export const Article = Type.Partial(FullArticle, { description: 'Every property unless `fields` names fewer' });

export const AuthorItem = Type.Object(
  {
    slug: Type.String(),
    name: Type.String(),
    url: Type.String({ format: 'uri' }),
    bio: Type.String(),
    links: Type.Array(Type.Object({ label: Type.String(), url: Type.String() }, { additionalProperties: false })),
    photo: Nullable(Image),
  },
  { additionalProperties: false },
);

const NextCursor = Nullable(Type.String({ description: 'Pass as `cursor` for the next page; null on the last page' }));

export const ArticleList = Type.Object({ articles: Type.Array(Article), next_cursor: NextCursor }, { additionalProperties: false });
export const ArticleOne = Type.Object({ article: Article }, { additionalProperties: false });
export const RubricList = Type.Object({ rubrics: Type.Array(NamedLink) }, { additionalProperties: false });
export const TagList = Type.Object({ tags: Type.Array(NamedLink), next_cursor: NextCursor }, { additionalProperties: false });
export const AuthorList = Type.Object({ authors: Type.Array(AuthorItem), next_cursor: NextCursor }, { additionalProperties: false });

export const ErrorBody = Type.Object(
  {
    error: Type.Object(
      {
        code: Type.String({ description: 'Stable: branch on it' }),
        message: Type.String({ description: 'What was wrong and how to fix it, in English' }),
        field: Type.Optional(Type.String()),
        problems: Type.Optional(Type.Array(Type.Object({ field: Type.String(), code: Type.String(), message: Type.String() }))),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

const Limit = Type.Integer({ minimum: 1, maximum: 100, default: 20, description: 'Items per page (at most 100)' });
const Fields = Text(300, { pattern: '^[a-z_]+(,[a-z_]+)*$', description: `A comma-separated list of properties to keep in each article: ${ARTICLE_FIELDS.join(', ')}` });

export const ArticlesQuery = Query({
  rubric: Type.Optional(Text(300, { description: 'A rubric’s slug' })),
  tag: Type.Optional(Text(300, { description: 'A tag’s slug' })),
  author: Type.Optional(Text(300, { description: 'An author’s slug' })),
  updated_since: Type.Optional(Type.String({ format: 'date-time', maxLength: 40, description: 'Articles changed at or after this instant (ISO 8601 with offset), oldest change first; without it, newest publication first' })),
  cursor: Type.Optional(Text(100, { description: 'The `next_cursor` of the previous page' })),
  limit: Type.Optional(Limit),
  fields: Type.Optional(Fields),
});

export const ArticleQuery = Query({ fields: Type.Optional(Fields) });
export const PageQuery = Query({ cursor: Type.Optional(Text(300, { description: 'The `next_cursor` of the previous page' })), limit: Type.Optional(Limit) });
export { SlugParams };
