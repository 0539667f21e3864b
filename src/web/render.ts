import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

/** Server-rendered HTML: preact escapes every text and attribute, so there is no template injection. */
export function renderPage(node: VNode): string {
  return `<!doctype html>${renderToString(node)}`;
}
