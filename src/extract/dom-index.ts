/**
 * Whole-page queries answered from an index. A CSS query on the whole document walks every
 * element of a 270 KB page (about 8,000 on a Discuz! thread); the adapters ask a dozen such
 * queries per page. `indexed($)` walks the page once, keeping elements by id, tag and class
 * in document order, and answers a query whose first part is one simple selector (`#id`,
 * `tag`, `.class`, `tag.class[attr^=x]` ...) from that index, the rest of a descendant query
 * with a scoped `find`. Anything else (commas, `>`, pseudo-classes) goes to cheerio as before,
 * so answers are the same.
 */
import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';

interface Index {
  /** Document order of every element. */
  order: Map<Element, number>;
  byId: Map<string, Element[]>;
  byTag: Map<string, Element[]>;
  byClass: Map<string, Element[]>;
}

interface Compound {
  tag: string | null;
  id: string | null;
  classes: string[];
  attrs: { name: string; op: '' | '=' | '^=' | '*=' | '$='; value: string }[];
}

const COMPOUND = /^([a-zA-Z][a-zA-Z0-9]*)?((?:[#.][\w-]+)*)((?:\[[\w-]+(?:[\^*$]?=(?:"[^"]*"|'[^']*'|[^\]"']*))?\])*)$/;
const ATTR = /\[([\w-]+)(?:([\^*$]?=)("[^"]*"|'[^']*'|[^\]"']*))?\]/g;

/** One simple selector (no combinator), or null when it has parts the index does not answer. */
function parseCompound(text: string): Compound | null {
  const m = COMPOUND.exec(text);
  if (!m || text === '') return null;
  const c: Compound = { tag: m[1]?.toLowerCase() ?? null, id: null, classes: [], attrs: [] };
  for (const part of (m[2] ?? '').match(/[#.][\w-]+/g) ?? []) {
    if (part.startsWith('#')) {
      if (c.id !== null) return null;
      c.id = part.slice(1);
    } else c.classes.push(part.slice(1));
  }
  for (const a of (m[3] ?? '').matchAll(ATTR)) {
    const raw = a[3] ?? '';
    const value = /^["']/.test(raw) ? raw.slice(1, -1) : raw;
    c.attrs.push({ name: a[1]!.toLowerCase(), op: (a[2] ?? '') as Compound['attrs'][number]['op'], value });
  }
  if (c.tag === null && c.id === null && c.classes.length === 0) return null;
  return c;
}

function classesOf(el: Element): string[] {
  const cls = el.attribs.class;
  return cls ? cls.split(/\s+/).filter(Boolean) : [];
}

function matches(el: Element, c: Compound): boolean {
  if (c.tag !== null && el.name !== c.tag) return false;
  if (c.id !== null && el.attribs.id !== c.id) return false;
  if (c.classes.length) {
    const have = classesOf(el);
    if (!c.classes.every((k) => have.includes(k))) return false;
  }
  for (const a of c.attrs) {
    const v = el.attribs[a.name];
    if (v === undefined) return false;
    if (a.op === '=' && v !== a.value) return false;
    if (a.op === '^=' && (a.value === '' || !v.startsWith(a.value))) return false;
    if (a.op === '*=' && (a.value === '' || !v.includes(a.value))) return false;
    if (a.op === '$=' && (a.value === '' || !v.endsWith(a.value))) return false;
  }
  return true;
}

function buildIndex(roots: readonly AnyNode[]): Index {
  const index: Index = { order: new Map(), byId: new Map(), byTag: new Map(), byClass: new Map() };
  const push = (map: Map<string, Element[]>, key: string, el: Element) => {
    const list = map.get(key);
    if (list) list.push(el);
    else map.set(key, [el]);
  };
  const walk = (nodes: readonly AnyNode[]) => {
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!;
      if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style') {
        if ('children' in node) walk(node.children);
        continue;
      }
      const el = node as Element;
      index.order.set(el, index.order.size);
      const { id, class: cls } = el.attribs;
      if (id !== undefined) push(index.byId, id, el);
      push(index.byTag, el.name, el);
      if (cls) {
        // Most elements have one class: split only when there is a separator.
        if (!/\s/.test(cls)) push(index.byClass, cls, el);
        else {
          const seen: string[] = [];
          for (const k of cls.split(/\s+/)) {
            if (k && !seen.includes(k)) {
              seen.push(k);
              push(index.byClass, k, el);
            }
          }
        }
      }
      if (el.children.length) walk(el.children);
    }
  };
  walk(roots);
  return index;
}

/** The candidates of a compound from the index, in document order (before `matches`). */
function candidates(index: Index, c: Compound): readonly Element[] {
  // Every element with that id, as cheerio answers `#id` (a page may repeat an id).
  if (c.id !== null) return index.byId.get(c.id) ?? [];
  if (c.classes.length) return index.byClass.get(c.classes[0]!) ?? [];
  return index.byTag.get(c.tag!) ?? [];
}

/**
 * `$` answering whole-document string queries from a one-pass index (see the file's comment);
 * everything else (`$(element)`, queries with a context, `$.root()` ...) is cheerio's own.
 */
export function indexed($: CheerioAPI): CheerioAPI {
  let index: Index | null = null;
  const indexOf = () => (index ??= buildIndex($.root().toArray().flatMap((r) => ('children' in r ? r.children : []))));
  /** The elements of one comma-free query, or null when the index cannot answer it. */
  const answer = (selector: string): AnyNode[] | null => {
    if (/[>+~:]/.test(selector)) return null;
    const [first, ...descendants] = selector.trim().split(/\s+/);
    const c = parseCompound(first!);
    if (!c) return null;
    const found = candidates(indexOf(), c).filter((el) => matches(el, c));
    if (!descendants.length) return found;
    // A root inside another root would find its descendants twice.
    const set = new Set<AnyNode>(found);
    const outer = found.filter((el) => {
      for (let p = el.parent; p; p = p.parent) if (set.has(p)) return false;
      return true;
    });
    return $(outer).find(descendants.join(' ')).toArray();
  };
  const query = (selector: unknown, context?: unknown, ...rest: unknown[]) => {
    if (typeof selector === 'string' && context === undefined && rest.length === 0) {
      const parts = selector.split(',');
      const answers = parts.map(answer);
      if (answers.every((a): a is AnyNode[] => a !== null)) {
        if (answers.length === 1) return $(answers[0]!);
        // A selector list: every match once, in document order, as cheerio gives it.
        const order = indexOf().order;
        const all = [...new Set(answers.flat())].sort((a, b) => order.get(a as Element)! - order.get(b as Element)!);
        return $(all);
      }
    }
    return ($ as unknown as (...a: unknown[]) => unknown)(selector, context, ...rest);
  };
  return Object.assign(query, $) as unknown as CheerioAPI;
}
