// A small XML reader for the tests: well-formedness (nesting, quoted attributes, known
// entities) and a tree to check structure. Not a general parser: no DTD internals, no CDATA.
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&([a-z]+|#[0-9]+|#x[0-9a-f]+);|&/gi, (match, entity: string | undefined) => {
    if (!entity) throw new Error('bare & in text');
    if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    const value = ENTITIES[entity];
    if (value === undefined) throw new Error(`unknown entity ${match}`);
    return value;
  });
}

export function parseXml(source: string): XmlElement {
  let rest = source
    .replace(/^\uFEFF/, '')
    .replace(/^<\?xml[^?]*\?>/, '')
    .replace(/<!DOCTYPE[^>]*>/, '');
  rest = rest.replace(/<!--[\s\S]*?-->/g, '');
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  const tag = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[A-Za-z_][\w:.-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/y;
  let at = 0;
  while (at < rest.length) {
    const lt = rest.indexOf('<', at);
    const text = rest.slice(at, lt < 0 ? rest.length : lt);
    if (text.trim()) {
      if (stack.length === 1) throw new Error('text outside the root element');
      stack[stack.length - 1]!.text += decode(text);
    }
    if (lt < 0) break;
    tag.lastIndex = lt;
    const match = tag.exec(rest);
    if (!match) throw new Error(`malformed tag at ${lt}: ${rest.slice(lt, lt + 60)}`);
    const [, closing, name, attrText, selfClosing] = match;
    if (closing) {
      const open = stack.pop();
      if (!open || open.name !== name) throw new Error(`</${name}> closes <${open?.name}>`);
    } else {
      const attributes: Record<string, string> = {};
      for (const attr of (attrText ?? '').matchAll(/([A-Za-z_][\w:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
        if (attr[1]! in attributes) throw new Error(`duplicate attribute ${attr[1]}`);
        attributes[attr[1]!] = decode(attr[2] ?? attr[3] ?? '');
      }
      const element: XmlElement = { name: name!, attributes, children: [], text: '' };
      stack[stack.length - 1]!.children.push(element);
      if (!selfClosing) stack.push(element);
    }
    at = tag.lastIndex;
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1]!.name}>`);
  if (root.children.length !== 1) throw new Error('expected exactly one root element');
  return root.children[0]!;
}

export function findAll(element: XmlElement, name: string): XmlElement[] {
  return element.children.flatMap((child) => [
    ...(child.name === name ? [child] : []),
    ...findAll(child, name),
  ]);
}

export type Plist = string | number | boolean | Plist[] | { [key: string]: Plist };

/** plist XML → value, refusing anything but the plist vocabulary. */
export function plistValue(element: XmlElement): Plist {
  switch (element.name) {
    case 'plist':
      if (element.children.length !== 1) throw new Error('plist needs one value');
      return plistValue(element.children[0]!);
    case 'string':
      return element.text;
    case 'integer':
      if (!/^-?\d+$/.test(element.text)) throw new Error(`bad integer ${element.text}`);
      return Number(element.text);
    case 'true':
      return true;
    case 'false':
      return false;
    case 'array':
      return element.children.map(plistValue);
    case 'dict': {
      const out: Record<string, Plist> = {};
      const children = element.children;
      if (children.length % 2 !== 0) throw new Error('dict with an odd number of children');
      for (let i = 0; i < children.length; i += 2) {
        if (children[i]!.name !== 'key') throw new Error(`dict expects <key>, got <${children[i]!.name}>`);
        out[children[i]!.text] = plistValue(children[i + 1]!);
      }
      return out;
    }
    default:
      throw new Error(`not a plist element: ${element.name}`);
  }
}
