import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Multipart, MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TObject } from 'typebox';
import { Value } from 'typebox/value';
import { Refusal } from '../errors';

/*
 * Admin forms that carry a file (the media library's upload, the article editor's image) are
 * multipart and read as a stream. The browser sends a form's fields in document order, and these
 * forms put their CSRF token first: it is checked before any byte of a file is read, so a forged
 * request never gets as far as the disk.
 */

export type Parts = AsyncIterableIterator<Multipart>;
const pending = new WeakMap<FastifyRequest, Parts>();

/**
 * A route's preValidation for a multipart form: reads the first part, which must be `_csrf`,
 * and checks it. The remaining parts are the handler's, through `partsOf`.
 */
export function checkCsrfFirst(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void, maxFiles: number): void {
  const parts = request.isMultipart() ? request.parts() : null;
  if (!parts) return done(new Refusal('unsupported_media_type'));
  pending.set(request, parts);
  parts.next().then(
    (first) => {
      const token = !first.done && first.value.type === 'field' && first.value.fieldname === '_csrf' ? String(first.value.value) : undefined;
      request.body = { _csrf: token };
      app.csrfProtection(request, reply, done);
    },
    (error: unknown) => done(unreadable(error, maxFiles)),
  );
}

/** The parts after the CSRF token (only after `checkCsrfFirst` let the request through). */
export function partsOf(request: FastifyRequest): Parts {
  const parts = pending.get(request);
  if (!parts) throw new Refusal('unsupported_media_type');
  return parts;
}

/** Reads every part; a body that is not well-formed multipart (cut off, a bad boundary) is the client's error, not ours. */
export async function readParts(parts: Parts, maxFiles: number, each: (part: Multipart) => Promise<void>): Promise<void> {
  try {
    for await (const part of parts) await each(part);
  } catch (error) {
    throw unreadable(error, maxFiles);
  }
}

export function unreadable(error: unknown, maxFiles: number): Refusal {
  if (error instanceof Refusal) return error;
  const code = (error as { code?: string } | null)?.code;
  if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT') return new Refusal('too_large', { limit: maxFiles === 1 ? 'one file' : `${maxFiles} files` });
  if (code === 'FST_FIELDS_LIMIT') return new Refusal('bad_request', { problem: 'it has more fields than the form' });
  return new Refusal('bad_request', { problem: 'the form data is malformed or ends early' });
}

/** A text part into `fields`: one value a name, never cut short silently. */
export function takeField(fields: Record<string, string>, part: Multipart, fieldSize: number): void {
  if (part.type !== 'field') return;
  if (part.valueTruncated) throw new Refusal('field_too_long', { field: part.fieldname, limit: fieldSize }, part.fieldname);
  if (part.fieldname in fields) throw new Refusal('field_repeated', { field: part.fieldname }, part.fieldname);
  fields[part.fieldname] = String(part.value);
}

/**
 * Whether a file part is one to read: a part under another name refuses the request, and an empty
 * file picker (the browser still sends the part, with no name and no bytes) is passed over.
 */
export function wantedFilePart(part: MultipartFile, fieldName: string): boolean {
  if (part.fieldname !== fieldName) {
    part.file.resume();
    throw new Refusal('field_unknown', { field: part.fieldname }, part.fieldname);
  }
  if (part.filename) return true;
  part.file.resume();
  return false;
}

/**
 * Streams a file part to `file`. False when the parser cut it at its size limit: what was read is
 * removed, and the caller refuses the file by name (a whole request is not refused for it).
 */
export async function saveFilePart(part: MultipartFile, file: string): Promise<boolean> {
  await pipeline(part.file, fs.createWriteStream(file));
  if (!part.file.truncated) return true;
  await fs.promises.rm(file, { force: true });
  return false;
}

/**
 * A multipart form's text fields, against the route's body schema (the same one an urlencoded
 * post of the form is validated with), refused by field name as Fastify's validation would.
 */
export function checkFields(schema: TObject, fields: Record<string, string>): void {
  const known = schema.properties as Record<string, unknown>;
  for (const [name, value] of Object.entries(fields)) {
    const property = known[name];
    if (!property) throw new Refusal('field_unknown', { field: name }, name);
    const { maxLength, enum: choices } = property as { maxLength?: number; enum?: string[] };
    if (maxLength !== undefined && value.length > maxLength) throw new Refusal('field_too_long', { field: name, limit: maxLength }, name);
    if (choices && !choices.includes(value)) throw new Refusal('field_choice', { field: name, choices: choices.filter((c) => c !== '').join(', ') }, name);
  }
  if (!Value.Check(schema, fields)) throw new Refusal('field_invalid', { field: 'form' });
}
