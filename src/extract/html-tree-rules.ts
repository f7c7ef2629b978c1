/**
 * The tree rules of htmlparser2's Parser in HTML mode (htmlparser2 10.1, Parser.ts), for a scan
 * that drives its Tokenizer directly (html-scan.ts): which open tag closes which open elements
 * (a `<p>` closes an open `p`, a `<td>` an open `td`), which elements are void (no content, no
 * end tag), and where a self-closing `<x/>` counts as closed (inside `svg` and `math`). The
 * scan builds the elements `loadHtml` builds only while these are the Parser's: test/extract/
 * html-scan.test.ts compares the two on every saved page.
 */

const P: ReadonlySet<string> = new Set(['p']);
const FORM_TAGS: ReadonlySet<string> = new Set(['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea']);
const TABLE_SECTIONS: ReadonlySet<string> = new Set(['thead', 'tbody']);
const DD_DT: ReadonlySet<string> = new Set(['dd', 'dt']);
const RT_RP: ReadonlySet<string> = new Set(['rt', 'rp']);

/** For an opening tag, the names of the open elements it closes first (innermost first, while they match). */
export const OPEN_IMPLIES_CLOSE: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['tr', new Set(['tr', 'th', 'td'])],
  ['th', new Set(['th'])],
  ['td', new Set(['thead', 'th', 'td'])],
  ['body', new Set(['head', 'link', 'script'])],
  ['li', new Set(['li'])],
  ['p', P],
  ['h1', P],
  ['h2', P],
  ['h3', P],
  ['h4', P],
  ['h5', P],
  ['h6', P],
  ['select', FORM_TAGS],
  ['input', FORM_TAGS],
  ['output', FORM_TAGS],
  ['button', FORM_TAGS],
  ['datalist', FORM_TAGS],
  ['textarea', FORM_TAGS],
  ['option', new Set(['option'])],
  ['optgroup', new Set(['optgroup', 'option'])],
  ['dd', DD_DT],
  ['dt', DD_DT],
  ['address', P],
  ['article', P],
  ['aside', P],
  ['blockquote', P],
  ['details', P],
  ['div', P],
  ['dl', P],
  ['fieldset', P],
  ['figcaption', P],
  ['figure', P],
  ['footer', P],
  ['form', P],
  ['header', P],
  ['hr', P],
  ['main', P],
  ['nav', P],
  ['ol', P],
  ['pre', P],
  ['section', P],
  ['table', P],
  ['ul', P],
  ['rt', RT_RP],
  ['rp', RT_RP],
  ['tbody', TABLE_SECTIONS],
  ['tfoot', TABLE_SECTIONS],
]);

/** Elements with no content and no end tag. */
export const VOID_ELEMENTS: ReadonlySet<string> = new Set([
  'area',
  'base',
  'basefont',
  'br',
  'col',
  'command',
  'embed',
  'frame',
  'hr',
  'img',
  'input',
  'isindex',
  'keygen',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);

/** Elements inside which `<x/>` closes x (foreign content). */
export const FOREIGN_CONTEXT: ReadonlySet<string> = new Set(['math', 'svg']);

/** Elements inside foreign content where HTML rules apply again. */
export const HTML_INTEGRATION: ReadonlySet<string> = new Set(['mi', 'mo', 'mn', 'ms', 'mtext', 'annotation-xml', 'foreignobject', 'desc', 'title']);

/** What the tree rules say of one tag name (looked up once per tag). */
export interface TagRule {
  /** The tag name, lower case. */
  readonly name: string;
  readonly isVoid: boolean;
  /** The open elements this start tag closes first (OPEN_IMPLIES_CLOSE). */
  readonly closes: ReadonlySet<string> | undefined;
  /** Whether the tag enters foreign content (svg, math: true), leaves it (HTML_INTEGRATION: false), or neither (null). */
  readonly foreign: boolean | null;
}

/** The rule of a tag name (lower case). */
export function tagRule(name: string): TagRule {
  return {
    name,
    isVoid: VOID_ELEMENTS.has(name),
    closes: OPEN_IMPLIES_CLOSE.get(name),
    foreign: FOREIGN_CONTEXT.has(name) ? true : HTML_INTEGRATION.has(name) ? false : null,
  };
}
