/**
 * Seeded, deterministic randomness for the simulator. Everything the simulator shows is a
 * pure function of (seed, key): a thread's fate comes from hash(seed, 'thread', tid), so any
 * thread can be regenerated on demand and the world does not depend on request order.
 */

/** A 32-bit FNV-1a hash of a string. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Mixes 32-bit words (murmur3 finaliser). */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 32-bit hash of any list of numbers and strings. */
export function hash32(...parts: (number | string)[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    const v = typeof p === 'number' ? mix((p >>> 0) ^ mix(Math.floor(p / 4294967296) >>> 0)) : fnv1a(p);
    h = mix(h ^ v) + 0x6d2b79f5;
  }
  return mix(h >>> 0);
}

/** Turns a user-given seed (number or text) into a 32-bit number. */
export function seedOf(seed: number | string | undefined): number {
  if (seed === undefined) return 20210301;
  return typeof seed === 'number' && Number.isInteger(seed) ? seed >>> 0 : fnv1a(String(seed));
}

/** A small deterministic pseudo-random stream (mulberry32). */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** One element of a non-empty list. */
  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)] as T;
  }
  /** One element chosen by weight. */
  weighted<T>(list: readonly (readonly [T, number])[]): T {
    const total = list.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [v, w] of list) {
      if ((r -= w) < 0) return v;
    }
    return list[list.length - 1]![0];
  }
  /** Exponentially distributed with the given mean. */
  exp(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }
  /** Log-normally distributed around a median, with spread sigma (natural log units). */
  logNormal(median: number, sigma: number): number {
    const u = 1 - this.next();
    const v = this.next();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return median * Math.exp(sigma * z);
  }
}

/** A stream seeded from the world seed and a key. */
export function rngFor(seed: number, ...key: (number | string)[]): Rng {
  return new Rng(hash32(seed, ...key));
}
