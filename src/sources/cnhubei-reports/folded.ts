/**
 * Patterns over normalised text read full-width punctuation like ASCII (`武汉市：转达128条，`
 * matches `/^(..市):转达/`), while whatever the parsers keep is cut from the text as the page
 * prints it (CONTRACT.md section 4: Chinese punctuation stays). foldFullWidth maps each UTF-16
 * unit to exactly one unit, so a position in the folded text is the same position in the text.
 */
import { foldFullWidth } from '../../extract/text.js';

const WITH_INDICES = new WeakMap<RegExp, RegExp>();

/**
 * Matches `re` against the folded form of `text` (first match; `g` and `y` are ignored) and
 * gives the whole match and the groups as substrings of `text` itself; null when no match.
 */
export function matchFolded(text: string, re: RegExp): Array<string | undefined> | null {
  let indexed = WITH_INDICES.get(re);
  if (!indexed) {
    indexed = new RegExp(re.source, `${re.flags.replace(/[gyd]/g, '')}d`);
    WITH_INDICES.set(re, indexed);
  }
  const m = indexed.exec(foldFullWidth(text));
  if (!m?.indices) return null;
  return Array.from(m.indices, (span) => (span ? text.slice(span[0], span[1]) : undefined));
}
