/**
 * The query string of a message list (`/`, `/api/messages`, `/overdue`): what it filters on,
 * how it sorts and which page it shows. Bad values are a ParamError (answered 400, naming the
 * parameter), never guessed at.
 */
import { MESSAGE_SORTS, searchTerms, type MessageFilter, type MessageSort } from '../archive/search.js';
import { LEVELS } from '../model/published.js';

/** A query parameter with a value serve cannot use. */
export class ParamError extends Error {
  override name = 'ParamError';
}

export const STATUSES = ['replied', 'in_progress', 'pending', 'closed'] as const;
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 1000;

/** A parsed message-list query. */
export interface ListQuery {
  filter: MessageFilter;
  /** Only messages overdue at the archive's as-of time. */
  overdue: boolean;
  sort: MessageSort;
  page: number;
  limit: number;
  /** The query's own parameters (empty ones dropped), to rebuild links with. */
  params: URLSearchParams;
}

/** The names a message list understands. */
export const LIST_PARAMS = ['q', 'source', 'board', 'department', 'region', 'level', 'status', 'overdue', 'from', 'to', 'sort', 'page', 'limit'] as const;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new ParamError(`${name}=${value}: expected one of ${allowed.join(', ')}`);
  return value as T;
}

function wholeNumber(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw new ParamError(`${name}=${value}: expected a whole number from ${min} to ${max}`);
  return n;
}

function day(name: string, value: string): string {
  const t = new Date(`${value}T00:00:00Z`);
  if (!DAY.test(value) || Number.isNaN(t.getTime()) || t.toISOString().slice(0, 10) !== value) {
    throw new ParamError(`${name}=${value}: expected a date YYYY-MM-DD`);
  }
  return value;
}

/** Parses a message-list query string; `defaultSort` applies when none is given. */
export function parseListQuery(search: URLSearchParams, defaultSort: MessageSort = 'newest'): ListQuery {
  const params = new URLSearchParams();
  for (const name of LIST_PARAMS) {
    const v = search.get(name)?.trim();
    if (v) params.set(name, v);
  }
  const get = (name: (typeof LIST_PARAMS)[number]) => params.get(name) ?? undefined;
  const filter: MessageFilter = {};
  const terms = searchTerms(get('q'));
  if (terms.length) filter.terms = terms;
  filter.source = get('source');
  filter.board = get('board');
  const department = get('department');
  if (department !== undefined) {
    if (/^\d+$/.test(department)) filter.departmentId = Number(department);
    else filter.departmentName = department;
  }
  const region = get('region');
  if (region !== undefined) {
    if (/^\d{6}$/.test(region)) filter.regionCode = region;
    else filter.regionName = region;
  }
  const level = get('level');
  if (level !== undefined) filter.level = oneOf('level', level, LEVELS);
  const status = get('status');
  if (status !== undefined) filter.status = oneOf('status', status, STATUSES);
  const from = get('from');
  if (from !== undefined) filter.from = day('from', from);
  const to = get('to');
  if (to !== undefined) filter.to = day('to', to);
  if (filter.from && filter.to && filter.from > filter.to) throw new ParamError(`from=${filter.from} is after to=${filter.to}`);
  const overdue = get('overdue');
  if (overdue !== undefined) oneOf('overdue', overdue, ['0', '1']);
  const sort = get('sort');
  for (const k of Object.keys(filter) as (keyof MessageFilter)[]) if (filter[k] === undefined) delete filter[k];
  return {
    filter,
    overdue: overdue === '1',
    sort: sort === undefined ? defaultSort : oneOf('sort', sort, Object.keys(MESSAGE_SORTS) as MessageSort[]),
    page: get('page') === undefined ? 1 : wholeNumber('page', get('page')!, 1, 1_000_000),
    limit: get('limit') === undefined ? DEFAULT_LIMIT : wholeNumber('limit', get('limit')!, 1, MAX_LIMIT),
    params,
  };
}
