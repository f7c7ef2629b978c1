/**
 * Text normalisation shared by every adapter (CONTRACT.md section 4): traditional characters
 * to simplified, full-width digits, letters and punctuation to ASCII, whitespace collapsed.
 */
import { Converter } from 'opencc-js/t2cn';

let toSimplified: ((s: string) => string) | undefined;

/** Converts traditional Chinese (Taiwan, Hong Kong or generic) to simplified (mainland). */
export function toSimplifiedChinese(s: string): string {
  const convert = (toSimplified ??= Converter({ from: 't', to: 'cn' }));
  return convert(s);
}

/** Full-width ASCII variants (！ to ～) and the ideographic space to their ASCII forms. */
export function fullWidthToAscii(s: string): string {
  return s
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
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
