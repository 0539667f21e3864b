import type { ComponentChildren } from 'preact';

/**
 * A catalogue text with elements in it: each `{name}` left in `text` (after `t` filled the plain
 * parameters) becomes `nodes[name]`, so a link or a `<code>` sits wherever the language puts it
 * instead of the sentence being cut in pieces around it. The text parts stay escaped by JSX.
 */
export function rich(text: string, nodes: Record<string, ComponentChildren>): ComponentChildren[] {
  return text.split(/\{(\w+)\}/).map((part, i) => (i % 2 === 1 ? (part in nodes ? nodes[part] : `{${part}}`) : part));
}
