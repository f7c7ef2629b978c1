/**
 * Chinese board times to ISO 8601 with the +08:00 offset. Boards print local Beijing time
 * without a zone: "2019-2-20 22:50", "2019-02-20 22:50:11", "2019年6月6日18:31".
 */

const CHINA_OFFSET = '+08:00';

function pad(n: number | string, width = 2): string {
  return String(n).padStart(width, '0');
}

function valid(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): boolean {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return false;
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}

/** Formats calendar fields as `YYYY-MM-DDTHH:MM:SS+08:00`. */
export function chinaIso(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): string {
  return `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}${CHINA_OFFSET}`;
}

/** Formats calendar fields as `YYYY-MM-DD`. */
export function isoDate(y: number, mo: number, d: number): string {
  return `${pad(y, 4)}-${pad(mo)}-${pad(d)}`;
}

/**
 * Parses a board time such as `2019-2-20 22:50`, `2019/02/20 22:50:11`, `2019年6月6日18:31`
 * or `2019年06月06日 18:31:05` (Beijing time) to ISO 8601 +08:00. A date alone gives
 * midnight. Returns null when the text holds no such time or names an impossible date.
 */
export function parseChinaTime(text: string | null | undefined): string | null {
  if (!text) return null;
  const m = text.match(
    /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s*(\d{1,2})\s*[:：时]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2}))?)?/,
  );
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [h, mi, s] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (!valid(y, mo, d, h, mi, s)) return null;
  return chinaIso(y, mo, d, h, mi, s);
}

/** The calendar date (YYYY-MM-DD, Beijing time) of an ISO time. */
export function chinaDateOf(iso: string): string {
  const ms = Date.parse(iso) + 8 * 3600_000;
  return new Date(ms).toISOString().slice(0, 10);
}

/** A JavaScript Date rendered as ISO 8601 in Beijing time (+08:00), to the second. */
export function toChinaIso(date: Date): string {
  const t = new Date(date.getTime() + 8 * 3600_000);
  return chinaIso(
    t.getUTCFullYear(),
    t.getUTCMonth() + 1,
    t.getUTCDate(),
    t.getUTCHours(),
    t.getUTCMinutes(),
    t.getUTCSeconds(),
  );
}

/**
 * Resolves a month/day without a year against a reference date: the latest such date not
 * after the reference (an item from December in a January article is last year's).
 */
export function resolveYear(month: number, day: number, reference: string): string | null {
  const [ry, rm, rd] = reference.slice(0, 10).split('-').map(Number) as [number, number, number];
  const year = month > rm || (month === rm && day > rd) ? ry - 1 : ry;
  return valid(year, month, day) ? isoDate(year, month, day) : null;
}
