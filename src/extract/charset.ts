/**
 * Decoding fetched bytes to text. Chinese boards were long served as GB2312/GBK and often say
 * so only in a <meta> tag, so the charset is sniffed: BOM, then the Content-Type header, then
 * <meta charset> / <meta http-equiv>, then a UTF-8 validity check, falling back to GB18030.
 */
import { transcode } from 'node:buffer';
import iconv from 'iconv-lite';

const GB_FAMILY = new Set(['gb2312', 'gbk', 'gb18030', 'x-gbk', 'cp936', 'euc-cn', 'hz-gb-2312']);

function normalizeCharset(name: string | null | undefined): string | null {
  if (!name) return null;
  const n = name.trim().replace(/^["']|["']$/g, '').toLowerCase();
  if (!n) return null;
  // GB2312 pages routinely contain GBK characters; GB18030 is the superset of both.
  if (GB_FAMILY.has(n)) return 'gb18030';
  if (n === 'utf8') return 'utf-8';
  return n;
}

/** The charset named in a Content-Type header value, or null. */
export function charsetFromContentType(contentType: string | null | undefined): string | null {
  const m = contentType?.match(/charset\s*=\s*("?)([^";,\s]+)\1/i);
  return normalizeCharset(m?.[2]);
}

/** The charset declared by a <meta> tag in the first 4 KB of the bytes, or null. */
export function charsetFromMeta(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  const m =
    head.match(/<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)/i) ??
    head.match(/<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_-]+)/i);
  return normalizeCharset(m?.[1]);
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The charset a body should be decoded with, and where that was learnt. */
export function detectCharset(
  bytes: Uint8Array,
  contentType?: string | null,
): { charset: string; from: 'bom' | 'header' | 'meta' | 'sniff' } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { charset: 'utf-8', from: 'bom' };
  const header = charsetFromContentType(contentType);
  if (header && iconv.encodingExists(header)) return { charset: header, from: 'header' };
  const meta = charsetFromMeta(bytes);
  if (meta && iconv.encodingExists(meta)) return { charset: meta, from: 'meta' };
  return { charset: isValidUtf8(bytes) ? 'utf-8' : 'gb18030', from: 'sniff' };
}

/** Decodes a fetched body to text with the sniffed charset (BOM stripped). */
export function decodeBody(bytes: Uint8Array, contentType?: string | null): string {
  return decodeAs(bytes, detectCharset(bytes, contentType).charset);
}

/** The bytes decoded with a charset already detected (BOM stripped). */
function decodeAs(bytes: Uint8Array, charset: string): string {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = charset === 'utf-8' ? buf.toString('utf8') : iconv.decode(buf, charset);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * decodeBody's text as UTF-16LE code units, in a buffer of its own (re-extraction's reading
 * thread hands it over as it is). A UTF-8 body is converted in one step by ICU (transcode),
 * about six times faster than making the string and encoding it again; a body that is not valid
 * UTF-8 (which transcode refuses) and any other charset go through decodeBody.
 */
export function decodeBodyToUtf16(bytes: Uint8Array, contentType?: string | null): Buffer {
  const { charset } = detectCharset(bytes, contentType);
  if (charset === 'utf-8') {
    let units: Buffer | null = null;
    try {
      units = transcode(bytes, 'utf8', 'ucs2');
    } catch {
      // Not valid UTF-8: decodeBody puts U+FFFD where it is broken.
    }
    if (units) return units.length >= 2 && units[0] === 0xff && units[1] === 0xfe ? ownBuffer(units.subarray(2)) : ownBuffer(units);
  }
  return ownBuffer(Buffer.from(decodeAs(bytes, charset), 'utf16le'));
}

/** `b` when it is the whole of its ArrayBuffer, else a copy that is (small buffers share a pool). */
function ownBuffer(b: Buffer): Buffer {
  if (b.byteOffset === 0 && b.byteLength === b.buffer.byteLength) return b;
  const own = Buffer.allocUnsafeSlow(b.byteLength);
  b.copy(own);
  return own;
}
