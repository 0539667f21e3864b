import { AjvCompiler } from '@fastify/ajv-compiler';
import type { FastifySchemaCompiler } from 'fastify';

/*
 * How route schemas are checked. A query string, a path and a form send only text, so those are
 * read by type ("3" → 3; a lone value where a list is expected → a list of one). A body is checked
 * as sent: a JSON client's wrong type (42 for a text, "5" for a number) is refused by name rather
 * than quietly converted. Unknown body fields are refused, never trimmed (removeAdditional off).
 */
const build = AjvCompiler();
const common = { removeAdditional: false, useDefaults: true, allErrors: false } as const;
const byType = build({}, { customOptions: { ...common, coerceTypes: 'array' } });
const asSent = build({}, { customOptions: { ...common, coerceTypes: false } });

export const validatorCompiler: FastifySchemaCompiler<unknown> = (route) => (route.httpPart === 'body' ? asSent : byType)(route as never) as never;
