// HTML forms posted the way a browser posts them, for tests that drive inject() without an Agent.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

export type FormFields = Record<string, string | string[]>;

/** The urlencoded body of a form; a list repeats the field (checkboxes, multi-selects). */
export function formBody(fields: FormFields): string {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of ([] as string[]).concat(v)) body.append(k, one);
  return body.toString();
}

/** Posts a form; `cookie` is the Cookie header the browser would send (its CSRF cookie, say). */
export function postForm(app: FastifyInstance, url: string, fields: FormFields, cookie?: string) {
  return app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
    payload: formBody(fields),
  });
}

/** What a page hands its form's post: the cookie it set (the CSRF secret) and the form's `_csrf` token. */
export function formSession(page: LightMyRequestResponse): { cookie: string; csrf: string } {
  const cookie = String(page.headers['set-cookie']).split(';')[0]!;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  if (!csrf) throw new Error('the page has no form with a _csrf field');
  return { cookie, csrf };
}
