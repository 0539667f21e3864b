// A strict reading of XML for feed tests, on htmlparser2 (the repository's parser) in XML mode.
// htmlparser2 forgives what XML does not, so what it would mend silently is an error here.
import { Parser } from 'htmlparser2';

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** The element's own text, entities decoded. */
  text: string;
}

const ENTITY = /&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)/;

/**
 * The document's root element; throws on what makes XML not well-formed (an unclosed or misnested
 * element, a bare `&`, `]]>` in text, a second root, text outside the root) or a namespace prefix
 * used without its declaration.
 */
export function parseXml(source: string): XmlElement {
  if (!source.startsWith('<?xml version="1.0" encoding="UTF-8"?>')) throw new Error('no XML declaration at the very start');
  const bare = ENTITY.exec(source);
  if (bare) throw new Error(`a bare & at ${bare.index}: ${source.slice(bare.index, bare.index + 20)}`);
  if (source.includes(']]>') && !source.includes('<![CDATA[')) throw new Error(']]> in character data');
  const roots: XmlElement[] = [];
  const stack: Array<{ element: XmlElement; prefixes: Set<string> }> = [];
  const failures: string[] = [];
  const inScope = (prefix: string, own: Set<string>) => prefix === 'xml' || prefix === 'xmlns' || own.has(prefix) || stack.some((s) => s.prefixes.has(prefix));
  const body = source.replace(/^<\?xml[^?]*\?>/, '');
  let explicitCloses = 0;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        const element: XmlElement = { name, attrs, children: [], text: '' };
        const prefixes = new Set(Object.keys(attrs).filter((a) => a.startsWith('xmlns:')).map((a) => a.slice(6)));
        for (const qualified of [name, ...Object.keys(attrs).filter((a) => !a.startsWith('xmlns'))]) {
          const prefix = qualified.includes(':') ? qualified.split(':')[0]! : null;
          if (prefix !== null && !inScope(prefix, prefixes)) failures.push(`namespace prefix "${prefix}" of <${name}> is not declared`);
        }
        const parent = stack[stack.length - 1];
        if (parent) parent.element.children.push(element);
        else roots.push(element);
        stack.push({ element, prefixes });
      },
      onclosetag(name, isImplied) {
        const top = stack.pop();
        // htmlparser2 calls a self-closing tag's end implied too: told apart by the `/>` it ends with.
        const selfClosing = isImplied && body[parser.endIndex] === '>' && body[parser.endIndex - 1] === '/';
        if (!isImplied) explicitCloses++;
        if ((isImplied && !selfClosing) || !top || top.element.name !== name) failures.push(`</${name}> does not close the open element${top ? ` <${top.element.name}>` : ''}`);
      },
      ontext(text) {
        const top = stack[stack.length - 1];
        if (top) top.element.text += text;
        else if (text.trim() !== '') failures.push(`text outside the root: ${text.slice(0, 40)}`);
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.end(body);
  // A closing tag of no open element is dropped by htmlparser2 without a word: counted here.
  const closeTags = body.split('</').length - 1;
  if (closeTags !== explicitCloses) failures.push(`${closeTags - explicitCloses} closing tags close nothing`);
  if (stack.length > 0) failures.push(`unclosed <${stack[stack.length - 1]!.element.name}>`);
  if (roots.length !== 1) failures.push(`${roots.length} root elements`);
  if (failures.length > 0) throw new Error(`not well-formed XML: ${failures.join('; ')}`);
  return roots[0]!;
}

export const childrenNamed = (element: XmlElement, name: string): XmlElement[] => element.children.filter((c) => c.name === name);

export function child(element: XmlElement, name: string): XmlElement {
  const found = childrenNamed(element, name);
  if (found.length !== 1) throw new Error(`<${element.name}> has ${found.length} <${name}>, not one`);
  return found[0]!;
}
