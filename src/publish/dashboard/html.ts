/**
 * Escaping for everything scraped that ends up in a published page or feed. Board text is
 * hostile by default: a message may well contain `<script>` or `"><img onerror=...>`.
 */

/** Characters XML 1.0 forbids (C0 controls but tab, newline, return; lone surrogates; U+FFFE/F). */
const XML_INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Drops characters that XML and HTML cannot carry (control bytes some boards leave in posts). */
export function stripInvalidChars(text: string): string {
  return text.replace(XML_INVALID, '');
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text (null as empty) escaped for HTML element content and quoted attribute values. */
export function escapeHtml(text: string | number | null | undefined): string {
  if (text == null) return '';
  return stripInvalidChars(String(text)).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * A link target safe to print: only absolute http(s) URLs, normalised by the URL parser (which
 * percent-encodes quotes and angle brackets); anything else (javascript:, data:, junk) is null.
 */
export function safeHref(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/**
 * JSON for a `<script type="application/json">` block: `<`, `>`, `&` and the two JavaScript
 * line separators as \u escapes, so no text in the data can close the script element.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
