/**
 * Text normalisation shared by every adapter (CONTRACT.md section 4): traditional characters
 * to simplified, full-width digits (and the punctuation inside numbers) to ASCII, whitespace
 * collapsed.
 */
import { Converter } from 'opencc-js/t2cn';

let toSimplified: ((s: string) => string) | undefined;

/** Converts traditional Chinese (Taiwan, Hong Kong or generic) to simplified (mainland). */
export function toSimplifiedChinese(s: string): string {
  const convert = (toSimplified ??= Converter({ from: 't', to: 'cn' }));
  return convert(s);
}

/**
 * Full-width digits and Latin letters to ASCII, and full-width punctuation to ASCII where it
 * carries a number (`２，１４６` -> `2,146`, `８２％` -> `82%`, `１２：３０` -> `12:30`). Other
 * full-width punctuation (（再次反映）, ，) is Chinese text and stays. The ideographic space
 * becomes a space.
 */
export function fullWidthToAscii(s: string): string {
  const ascii = (c: string) => String.fromCharCode(c.charCodeAt(0) - 0xfee0);
  return s
    .replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, ascii)
    .replace(/(?<=\d)[\uFF0C\uFF0E\uFF1A\uFF0F\uFF05](?=\d)|(?<=\d)\uFF05|[\uFF0B\uFF0D](?=\d)/g, ascii)
    .replace(/\u3000/g, ' ');
}

/** Collapses runs of whitespace (including non-breaking spaces) to one space and trims. */
export function collapseWhitespace(s: string): string {
  return s.replace(/[\s\u00a0\u200b\ufeff]+/g, ' ').trim();
}

/**
 * Normalises a line of scraped text: simplified characters, ASCII digits and punctuation,
 * collapsed whitespace. Returns null for null/empty input.
 */
export function normalizeText(s: string | null | undefined): string | null {
  if (s == null) return null;
  const out = collapseWhitespace(fullWidthToAscii(toSimplifiedChinese(s)));
  return out === '' ? null : out;
}

/**
 * An account name as the board prints it: whitespace collapsed and trimmed, characters kept as
 * written (no traditional-to-simplified, no full-width folding), so that two accounts whose
 * names differ only there (縋 and 缒) stay two authors with two hashes. Null for null/empty.
 */
export function authorName(s: string | null | undefined): string | null {
  if (s == null) return null;
  const out = collapseWhitespace(s);
  return out === '' ? null : out;
}

/**
 * Like normalizeText but keeps line breaks (each line collapsed, blank runs folded to one
 * empty line): for message and reply bodies.
 */
export function normalizeBody(s: string | null | undefined): string | null {
  if (s == null) return null;
  const lines = fullWidthToAscii(toSimplifiedChinese(s))
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => collapseWhitespace(l));
  const out: string[] = [];
  for (const l of lines) {
    if (l === '' && (out.length === 0 || out[out.length - 1] === '')) continue;
    out.push(l);
  }
  while (out.length && out[out.length - 1] === '') out.pop();
  return out.length ? out.join('\n') : null;
}

/**
 * Every full-width ASCII variant (！ to ～) to ASCII: for matching patterns inside parsers
 * (`武汉市：转达128条，` reads like `武汉市:转达128条,`), never for text that is stored.
 */
export function foldFullWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}
