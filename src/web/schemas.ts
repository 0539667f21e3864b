import { Type, type TProperties } from 'typebox';

/*
 * The building blocks of route schemas. Every route declares its params, query string and body
 * with these (through Fastify's TypeBox type provider), so a wrong type, a repeated parameter or
 * an unknown or oversized field is refused by name before a handler runs (web/refusals.ts).
 */

/** One text value; a parameter given twice is refused (`field_repeated`), never read as a list. */
export const Text = (maxLength: number, options: { minLength?: number; pattern?: string } = {}) => Type.String({ maxLength, ...options });

/** One of a few fixed words. */
export const Choice = <T extends string>(values: readonly T[]) => Type.Unsafe<T>({ type: 'string', enum: [...values] });

/** A row number in a path or query string: 1 to 2³¹−1. */
export const RowId = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });

/** `?page=N` of a numbered list. */
export const PageNumber = Type.Integer({ minimum: 1, maximum: 1_000_000 });

/** A ticked checkbox posts "on"; a JSON client may send true. */
export const Tick = Type.Union([Type.Boolean(), Text(10)]);

/** A query string: unknown parameters (utm_source, fbclid) are allowed and ignored. */
export const Query = <P extends TProperties>(properties: P) => Type.Object(properties);

/**
 * A form or JSON body: unknown fields are refused, so a typing error in a client is seen at once.
 * Forms carry their CSRF token as `_csrf`.
 */
export const Form = <P extends TProperties>(properties: P) =>
  Type.Object({ ...properties, _csrf: Type.Optional(Text(200)) }, { additionalProperties: false });

/** A slug in a path: any text the router let through; one that names nothing is a 404, not a 400. */
export const Slug = Text(300);

export const SlugParams = Type.Object({ slug: Slug });

