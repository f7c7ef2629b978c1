/**
 * Beijing-time formatting for the simulator. World times are epoch milliseconds rounded to
 * whole minutes (boards print minutes only, so truth and pages agree to the minute).
 */

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
const CN_OFFSET = 8 * HOUR;

/** Calendar fields of an instant in Beijing time. */
export interface CnFields {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
}

/** The Beijing-time calendar fields of an epoch time. */
export function cnFields(ms: number): CnFields {
  const t = new Date(ms + CN_OFFSET);
  return {
    y: t.getUTCFullYear(),
    mo: t.getUTCMonth() + 1,
    d: t.getUTCDate(),
    h: t.getUTCHours(),
    mi: t.getUTCMinutes(),
    s: t.getUTCSeconds(),
  };
}

/** Epoch ms of a Beijing-time wall clock. */
export function cnTime(y: number, mo: number, d: number, h = 0, mi = 0): number {
  return Date.UTC(y, mo - 1, d, h, mi) - CN_OFFSET;
}

const p2 = (n: number): string => String(n).padStart(2, '0');

/** `2021-03-01T09:00:00+08:00`. */
export function isoCn(ms: number): string {
  const f = cnFields(ms);
  return `${f.y}-${p2(f.mo)}-${p2(f.d)}T${p2(f.h)}:${p2(f.mi)}:${p2(f.s)}+08:00`;
}

/** `2021-03-01` (Beijing date). */
export function dateCn(ms: number): string {
  const f = cnFields(ms);
  return `${f.y}-${p2(f.mo)}-${p2(f.d)}`;
}

/** Discuz `Y-n-j H:i`, e.g. `2019-2-20 22:50`. */
export function discuzTime(ms: number): string {
  const f = cnFields(ms);
  return `${f.y}-${f.mo}-${f.d} ${p2(f.h)}:${p2(f.mi)}`;
}

/** Discuz `Y-n-j H:i:s`, used in the title of relative post times. */
export function discuzTimeSec(ms: number): string {
  const f = cnFields(ms);
  return `${discuzTime(ms)}:${p2(f.s)}`;
}

/** 荆楚问政 API `YYYY-MM-DD HH:MM:SS`. */
export function wzTime(ms: number): string {
  const f = cnFields(ms);
  return `${f.y}-${p2(f.mo)}-${p2(f.d)} ${p2(f.h)}:${p2(f.mi)}:${p2(f.s)}`;
}

/** `2021年3月8日`. */
export function cnDate(ms: number): string {
  const f = cnFields(ms);
  return `${f.y}年${f.mo}月${f.d}日`;
}

/** `3月8日`. */
export function cnMonthDay(ms: number): string {
  const f = cnFields(ms);
  return `${f.mo}月${f.d}日`;
}

/** `2019年06月06日18:31` as in 发布时间 lines. */
export function cnPublished(ms: number): string {
  const f = cnFields(ms);
  return `${f.y}年${p2(f.mo)}月${p2(f.d)}日${p2(f.h)}:${p2(f.mi)}`;
}

/** Midnight (Beijing) of the day containing ms. */
export function cnDayStart(ms: number): number {
  return Math.floor((ms + CN_OFFSET) / DAY) * DAY - CN_OFFSET;
}

/** Rounds down to a whole minute. */
export function floorMinute(ms: number): number {
  return Math.floor(ms / MINUTE) * MINUTE;
}

/**
 * Discuz's relative time (dgmdate 'u') of `ms` seen at `now`, or null when it is a week or
 * more old (then Discuz prints the absolute time).
 */
export function discuzRelative(ms: number, now: number): string | null {
  const diff = now - ms;
  if (diff < 0 || diff >= 7 * DAY) return null;
  if (diff < MINUTE) return '刚刚';
  if (diff < HOUR) return `${Math.floor(diff / MINUTE)} 分钟前`;
  const days = Math.round((cnDayStart(now) - cnDayStart(ms)) / DAY);
  const f = cnFields(ms);
  if (days === 0) return `${Math.floor(diff / HOUR)} 小时前`;
  if (days === 1) return `昨天&nbsp;${p2(f.h)}:${p2(f.mi)}`;
  if (days === 2) return `前天&nbsp;${p2(f.h)}:${p2(f.mi)}`;
  return `${days}&nbsp;天前`;
}
