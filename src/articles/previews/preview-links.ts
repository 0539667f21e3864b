import crypto from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { audit } from '../../audit/audit';
import type { Database, PreviewLinksTable } from '../../db/schema';
import { Refusal } from '../../errors';

/** How long a link may last; the editor picks one, a week unless they say otherwise. */
export const PREVIEW_DAYS = [1, 7, 30] as const;
export type PreviewDays = (typeof PREVIEW_DAYS)[number];
export const DEFAULT_PREVIEW_DAYS: PreviewDays = 7;
const DAY_MS = 86_400_000;
/** The editor's list shows this many of an article's newest links. */
const LIST_LIMIT = 100;

/** What the editor's list shows of a link: never its secret, never its hash. */
export interface PreviewLink {
  id: number;
  articleId: number;
  createdBy: string | null;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  revokedBy: string | null;
}

export type PreviewLinkStatus = 'active' | 'expired' | 'revoked';

export function previewLinkStatus(link: Pick<PreviewLink, 'expiresAt' | 'revokedAt'>, at: Date): PreviewLinkStatus {
  if (link.revokedAt !== null) return 'revoked';
  return at.toISOString() >= link.expiresAt ? 'expired' : 'active';
}

/**
 * A link's token is `<id>.<secret>`: the id finds the row by its primary key, the secret (32
 * random bytes, base64url) proves the holder was given the link. 256 random bits make the plain
 * SHA-256 of the secret as good as a slow hash, and nothing signs with a server key, so
 * changing SESSION_SECRET does not break links already sent.
 */
const SECRET_BYTES = 32;
const TOKEN = /^([1-9]\d{0,11})\.([A-Za-z0-9_-]{43})$/;

const hashSecret = (secret: string): Buffer => crypto.createHash('sha256').update(secret, 'utf8').digest();

export function parsePreviewToken(token: string): { id: number; secret: string } | null {
  const match = TOKEN.exec(token);
  return match ? { id: Number(match[1]), secret: match[2]! } : null;
}

/** The path a link opens: /preview/<id>.<secret>. */
export const previewPath = (token: string): string => `/preview/${token}`;

function toLink(row: Selectable<PreviewLinksTable>): PreviewLink {
  return {
    id: Number(row.id),
    articleId: Number(row.article_id),
    createdBy: row.created_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    revokedBy: row.revoked_by,
  };
}

export function isPreviewDays(value: number): value is PreviewDays {
  return (PREVIEW_DAYS as readonly number[]).includes(value);
}

/**
 * The one place preview links change (creating and revoking, each audited in the change's own
 * transaction) and are checked. A new link's token is returned once, to be shown once.
 */
export function previewLinksService(db: Kysely<Database>) {
  const load = async (id: number, trx: Kysely<Database> = db) => {
    const row = await trx.selectFrom('preview_links').selectAll().where('id', '=', id).executeTakeFirst();
    return row ?? null;
  };

  return {
    /** A new link to a draft or scheduled article; a published one needs none (its address is public). */
    async create(input: { articleId: number; days?: number }, actor: string, at: Date): Promise<{ link: PreviewLink; token: string }> {
      const days = input.days ?? DEFAULT_PREVIEW_DAYS;
      if (!isPreviewDays(days)) throw new Refusal('preview_days', { days }, 'days');
      const secret = crypto.randomBytes(SECRET_BYTES).toString('base64url');
      return db.transaction().execute(async (trx) => {
        const article = await trx.selectFrom('articles').select(['id', 'slug', 'status', 'published_at']).where('id', '=', input.articleId).executeTakeFirst();
        if (!article) throw new Refusal('no_article');
        if (article.status === 'published' && String(article.published_at) <= at.toISOString()) throw new Refusal('preview_published');
        const expiresAt = new Date(at.getTime() + days * DAY_MS).toISOString();
        const { id } = await trx
          .insertInto('preview_links')
          .values({
            article_id: input.articleId,
            token_hash: hashSecret(secret).toString('hex'),
            created_by: actor,
            created_at: at.toISOString(),
            expires_at: expiresAt,
            revoked_at: null,
            revoked_by: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit(trx, { actor, action: 'preview.create', target: `article:${input.articleId}`, details: { link: Number(id), slug: article.slug, days, expiresAt } }, at);
        return { link: toLink((await load(Number(id), trx))!), token: `${Number(id)}.${secret}` };
      });
    },

    /** Revokes one of an article's links; revoking one already revoked changes nothing and is not logged again. */
    async revoke(input: { articleId: number; linkId: number }, actor: string, at: Date): Promise<PreviewLink> {
      return db.transaction().execute(async (trx) => {
        const row = await load(input.linkId, trx);
        if (!row || Number(row.article_id) !== input.articleId) throw new Refusal('no_preview_link', { id: input.linkId });
        if (row.revoked_at !== null) return toLink(row);
        await trx.updateTable('preview_links').set({ revoked_at: at.toISOString(), revoked_by: actor }).where('id', '=', row.id).execute();
        await audit(trx, { actor, action: 'preview.revoke', target: `article:${input.articleId}`, details: { link: input.linkId, expiresAt: row.expires_at } }, at);
        return toLink((await load(input.linkId, trx))!);
      });
    },

    /** An article's links, newest first. */
    async list(articleId: number): Promise<PreviewLink[]> {
      const rows = await db.selectFrom('preview_links').selectAll().where('article_id', '=', articleId).orderBy('id', 'desc').limit(LIST_LIMIT).execute();
      return rows.map(toLink);
    },

    /**
     * The link a token opens, or a refusal: an unknown or altered token is `no_preview` (404,
     * as if there were nothing here), a withdrawn or expired one says so (410). The secret's hash
     * is compared in constant time, so timing tells nothing about how much of it was right.
     */
    async open(token: string, at: Date): Promise<PreviewLink> {
      const parsed = parsePreviewToken(token);
      if (!parsed) throw new Refusal('no_preview');
      const row = await load(parsed.id);
      const given = hashSecret(parsed.secret);
      const stored = Buffer.from(row?.token_hash ?? '', 'hex');
      if (!row || stored.length !== given.length || !crypto.timingSafeEqual(stored, given)) throw new Refusal('no_preview');
      const link = toLink(row);
      const status = previewLinkStatus(link, at);
      if (status === 'revoked') throw new Refusal('preview_revoked', { at: link.revokedAt! });
      if (status === 'expired') throw new Refusal('preview_expired', { at: link.expiresAt });
      return link;
    },
  };
}

export type PreviewLinksService = ReturnType<typeof previewLinksService>;
