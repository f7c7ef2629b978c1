/** Parsing of option values shared by commands; bad values are UsageErrors (exit 2). */
import { UsageError } from '../crawl/origins.js';
import { ADAPTERS, findAdapter } from '../sources/index.js';
import type { SourceAdapter } from '../sources/types.js';

export function parseNumberOption(name: string, value: string, opts: { min?: number; integer?: boolean } = {}): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || (opts.integer && !Number.isInteger(n)) || (opts.min != null && n < opts.min)) {
    throw new UsageError(`${name} ${value}: expected ${opts.integer ? 'a whole number' : 'a number'}${opts.min != null ? ` >= ${opts.min}` : ''}`);
  }
  return n;
}

/** The adapters named (all crawlable ones when none is named); unknown ids are a UsageError. */
export function selectSources(ids: readonly string[]): SourceAdapter[] {
  if (ids.length === 0) return ADAPTERS.filter((a) => a.origins.length > 0);
  return ids.map((id) => {
    const a = findAdapter(id);
    if (!a) throw new UsageError(`unknown source '${id}' (known: ${ADAPTERS.map((x) => x.id).join(', ')})`);
    return a;
  });
}

/** Collects a repeatable option into an array. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
