/**
 * The places that open a clause of a report (`宜昌:转达18条`, `武穴市32家单位`, `夷陵区 转达6条`,
 * `襄阳市、咸宁市回复率均达到了100%`), normalised to their GB/T 2260 name and code within
 * Hubei: 宜昌 and 宜昌市 are one region, 宜昌市 420500.
 */
import { placeAt } from '../../extract/departments.js';

/** A place not in the standard (a development zone, a new district) opening a clause. */
const PLACE = /^([\u4e00-\u9fa5]{1,9}?(?:市|县|区|州))(?=[\d:以共已有在的全各])/;
const NOT_PLACE = /^(?:全|各|本|该|其|省|市)|(?:小区|社区|辖区|园区|景区|城区)$/;
/** What may follow a place that opens a clause (a unit's name such as 武汉市城建局 may not). */
const AFTER_PLACE = /^(?:$|[\s\d:、,(以共已有在的全各均入转收回得获])/;
/** Words before the place: connectives, list numbers (`1.`, `(2)`, `三、`), `>>>`. */
const PLACE_LEAD = /^(?:>+\s*)?(?:其中|目前|同时|另外|此外|\d{1,2}[.、]|\(\d{1,2}\)|[一二三四五六七八九十]{1,3}、)?\s*/;
/** A region of a figure: the normalised place name and its GB/T 2260 code (null outside the standard). */
export interface Region {
  name: string;
  code: string | null;
}

/**
 * The places that open a clause: one (`宜昌:`, `武穴市32家`), or several joined by 、 (和, 及)
 * that share the clause's figures. Places of Hubei resolve to their standard name and code;
 * another place ending in 市/县/区/州 is kept as written, without code. Empty when none.
 */
export function placesOf(clause: string): Region[] {
  let rest = clause.replace(PLACE_LEAD, '');
  const out: Region[] = [];
  for (;;) {
    const known = placeAt(rest);
    if (!known || !AFTER_PLACE.test(rest.slice(known.written.length))) break;
    out.push({ name: known.name, code: known.code });
    rest = rest.slice(known.written.length);
    const joiner = rest.match(/^\s*[、和及与]\s*/);
    if (!joiner) return out;
    rest = rest.slice(joiner[0].length);
  }
  if (out.length > 0) return out;
  const place = rest.match(PLACE)?.[1];
  return place && !NOT_PLACE.test(place) ? [{ name: place, code: null }] : [];
}
