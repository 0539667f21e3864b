import type { ComponentChild } from 'preact';

/**
 * A catalogue text with markup in it: each `{name}` becomes the element given for it (a link, a
 * `<code>`, a `<strong>`), so translators move the element within the sentence and never see HTML.
 */
export function rich(text: string, parts: Record<string, ComponentChild>): ComponentChild[] {
  return text.split(/(\{\w+\})/).map((piece) => {
    const name = /^\{(\w+)\}$/.exec(piece)?.[1];
    return name !== undefined && name in parts ? parts[name] : piece;
  });
}
