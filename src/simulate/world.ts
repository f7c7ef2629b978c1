/**
 * The simulated world: 《民生热线》 threads and 《荆楚问政》 messages, each with a fate drawn
 * once from hash(seed, id) (when official answers come, who follows up, whether it is edited
 * or deleted). What any page shows is that fate filtered by the simulated clock, so the world
 * at time T depends only on (seed, options, T), never on request order or how the clock was
 * advanced. Per-thread state is a few numbers and a short list of post slots; text is
 * regenerated from the seed when a page is rendered.
 */
import { DAY, HOUR, MINUTE, floorMinute, isoCn } from './clock.js';
import { Rng, hash32, rngFor } from './rng.js';
import { CATEGORY_WEIGHTS, UNITS, WENZHENG_UNITS, unitsFor, type Category } from './units.js';

/** A post after the first one in a thread. */
export interface PostSlot {
  at: number;
  kind: 'official' | 'op' | 'crowd';
  /** Unit index (official posts) or citizen number (others). */
  who: number;
}

/** A 《民生热线》 thread's fate. */
export interface Thread {
  tid: number;
  postedAt: number;
  category: Category;
  /** The unit the message concerns and that answers it. */
  unit: number;
  /** Citizen number of the original poster. */
  author: number;
  /** Later posts, in time order (visible once `at <= now`). */
  posts: PostSlot[];
  /** When the first post gets edited (title and body change), or null. */
  editAt: number | null;
  /** When the thread is deleted, or null. */
  deleteAt: number | null;
}

/** A 《荆楚问政》 message's fate. */
export interface Sug {
  id: number;
  createdAt: number;
  category: Category;
  unit: number;
  /** Rejected as invalid: closed (已办结) without any answer. */
  invalid: boolean;
  forwardAt: number | null;
  replyAt: number | null;
  zwenAt: number | null;
  zwenReplyAt: number | null;
  finishAt: number | null;
  /** Satisfaction (1-5) the citizen gave, shown once answered. */
  scope: number | null;
}

/** What the contract calls a message status. */
export type TruthStatus = 'replied' | 'in_progress' | 'pending' | 'closed';

/** The forum list as of one clock value (see World.listView). */
export interface ListView {
  now: number;
  order: Thread[];
  answered: Thread[];
  perCategory: Map<Category, number>;
  today: number;
}

/** Options that shape the world (see startSimulator). */
export interface WorldOptions {
  seed: number;
  /** Start of simulated time (epoch ms); messages before it are history. */
  start: number;
  /** 《民生热线》 threads posted before start. */
  threads: number;
  /** 《荆楚问政》 messages posted before start. */
  wenzhengMessages: number;
  /** Days of history those messages are spread over (default from their number). */
  historyDays?: number;
}

/** First tid of the simulated board (tids rise with time, forum-wide, so with gaps). */
export const FIRST_TID = 4_650_000;
/** First 《荆楚问政》 id (ids are sequential without gaps). */
export const FIRST_SUG_ID = 2200;

const visible = (t: number | null, now: number): t is number => t !== null && t <= now;

/** Days of history for n messages: about 5 a day, between 60 days and two years. */
function defaultHistoryDays(n: number): number {
  return Math.min(730, Math.max(60, n / 5));
}

/** A stream of arrival times (whole minutes) with a mean gap. */
class Arrivals {
  private readonly rng: Rng;
  constructor(
    seed: number,
    key: string,
    private readonly meanGap: number,
  ) {
    this.rng = rngFor(seed, key);
  }
  gap(): number {
    return Math.max(MINUTE, floorMinute(this.rng.exp(this.meanGap)));
  }
  tidStep(): number {
    return 1 + this.rng.int(0, 19);
  }
}

const CROWD_WEIGHTS = [[0, 50], [1, 25], [2, 15], [3, 10]] as const;

/** Draws a thread's fate. */
export function makeThread(seed: number, tid: number, postedAt: number): Thread {
  const r = rngFor(seed, 'thread', tid);
  const category = r.weighted(CATEGORY_WEIGHTS);
  const unit = r.pick(unitsFor(category));
  const author = r.int(0, 4999);
  const posts: PostSlot[] = [];
  let firstReply: number | null = null;
  if (r.chance(0.72)) {
    const lagHours = Math.min(24 * 90, Math.max(1, r.logNormal(30, 1.3)));
    firstReply = postedAt + lagHours * HOUR;
    posts.push({ at: firstReply, kind: 'official', who: unit });
    if (r.chance(0.15)) posts.push({ at: firstReply + r.int(1, 20) * DAY + r.int(0, 600) * MINUTE, kind: 'official', who: unit });
  }
  if (r.chance(0.35)) {
    const until = firstReply ?? postedAt + 10 * DAY;
    posts.push({ at: postedAt + r.next() * (until - postedAt), kind: 'op', who: author });
  }
  const crowd = r.chance(0.08) ? r.int(10, 45) : r.weighted(CROWD_WEIGHTS);
  for (let i = 0; i < crowd; i++) posts.push({ at: postedAt + r.exp(3 * DAY), kind: 'crowd', who: r.int(0, 4999) });
  posts.sort((a, b) => a.at - b.at);
  let last = postedAt;
  for (const p of posts) {
    p.at = Math.max(floorMinute(p.at), last + MINUTE);
    last = p.at;
  }
  posts.length = Math.min(posts.length, 59);
  const editAt = r.chance(0.05) ? postedAt + r.int(10, 48 * 60) * MINUTE : null;
  const deleteAt = r.chance(0.02) ? postedAt + r.int(120, 10 * 24 * 60) * MINUTE : null;
  return { tid, postedAt, category, unit, author, posts, editAt, deleteAt };
}

/** Draws a 《荆楚问政》 message's fate. */
export function makeSug(seed: number, id: number, createdAt: number): Sug {
  const r = rngFor(seed, 'sug', id);
  const category = r.weighted(CATEGORY_WEIGHTS);
  const fitting = unitsFor(category).filter((u) => WENZHENG_UNITS.includes(u));
  const unit = r.pick(fitting.length ? fitting : WENZHENG_UNITS);
  const at = (base: number, hours: number): number => floorMinute(base + hours * HOUR);
  const sug: Sug = { id, createdAt, category, unit, invalid: false, forwardAt: null, replyAt: null, zwenAt: null, zwenReplyAt: null, finishAt: null, scope: null };
  if (r.chance(0.08)) {
    sug.invalid = true;
    sug.finishAt = at(createdAt, r.int(24, 72));
    return sug;
  }
  if (r.chance(0.92)) sug.forwardAt = at(createdAt, r.int(2, 48));
  if (sug.forwardAt !== null && r.chance(0.62)) sug.replyAt = at(sug.forwardAt, Math.min(24 * 60, Math.max(1, r.logNormal(48, 1.2))));
  if (sug.replyAt !== null) {
    if (r.chance(0.2)) {
      sug.zwenAt = at(sug.replyAt, r.int(24, 120));
      if (r.chance(0.6)) sug.zwenReplyAt = at(sug.zwenAt, r.int(24, 96));
    }
    const settled = sug.zwenAt === null || sug.zwenReplyAt !== null;
    if (settled && r.chance(0.35)) sug.finishAt = at(sug.zwenReplyAt ?? sug.replyAt, r.int(48, 240));
    if (r.chance(0.5)) sug.scope = r.int(1, 5);
  }
  return sug;
}

/** Official posts of a thread visible at `now`. */
export function officialPosts(t: Thread, now: number): PostSlot[] {
  return t.posts.filter((p) => p.kind === 'official' && p.at <= now);
}

/** Status of a thread at `now`: replied once a unit account posted, else pending. */
export function threadStatus(t: Thread, now: number): TruthStatus {
  return t.posts.some((p) => p.kind === 'official' && p.at <= now) ? 'replied' : 'pending';
}

/** The 荆楚问政 cstatus (1-5) and its word at `now`. */
export function sugCStatus(s: Sug, now: number): { cstatus: number; word: string } {
  if (visible(s.finishAt, now)) return { cstatus: 4, word: '已办结' };
  if (visible(s.zwenAt, now) && !visible(s.zwenReplyAt, now)) return { cstatus: 5, word: '追问中' };
  if (visible(s.replyAt, now)) return { cstatus: 3, word: '已回复' };
  if (visible(s.forwardAt, now)) return { cstatus: 2, word: '办理中' };
  return { cstatus: 1, word: '待回复' };
}

/** Status of a 荆楚问政 message at `now` in the contract's terms. */
export function sugStatus(s: Sug, now: number): TruthStatus {
  if (visible(s.replyAt, now)) return 'replied';
  if (visible(s.finishAt, now)) return 'closed';
  if (visible(s.forwardAt, now)) return 'in_progress';
  return 'pending';
}

/** Number of official answers of a 荆楚问政 message visible at `now`. */
export function sugReplyCount(s: Sug, now: number): number {
  return (visible(s.replyAt, now) ? 1 : 0) + (visible(s.zwenReplyAt, now) ? 1 : 0);
}

/** The simulated world and its clock. */
export class World {
  readonly seed: number;
  readonly start: number;
  /** Current simulated time (epoch ms, whole minutes). */
  now: number;
  /** Threads in tid (= time) order. */
  readonly threads: Thread[] = [];
  /** 荆楚问政 messages in id (= time) order; sugs[i].id === FIRST_SUG_ID + i. */
  readonly sugs: Sug[] = [];
  private readonly msArrivals: Arrivals;
  private readonly wzArrivals: Arrivals;
  private nextThreadAt: number;
  private nextSugAt: number;
  private listCache: ListView | null = null;

  constructor(opts: WorldOptions) {
    this.seed = opts.seed;
    this.start = floorMinute(opts.start);
    this.now = this.start;
    const msDays = opts.historyDays ?? defaultHistoryDays(opts.threads);
    const wzDays = opts.historyDays ?? defaultHistoryDays(opts.wenzhengMessages);
    this.msArrivals = new Arrivals(this.seed, 'ms-future', (msDays * DAY) / Math.max(1, opts.threads));
    this.wzArrivals = new Arrivals(this.seed, 'wz-future', (wzDays * DAY) / Math.max(1, opts.wenzhengMessages));
    this.buildHistory(opts.threads, opts.wenzhengMessages, msDays, wzDays);
    this.nextThreadAt = this.start + this.msArrivals.gap();
    this.nextSugAt = this.start + this.wzArrivals.gap();
  }

  private buildHistory(threads: number, sugs: number, msDays: number, wzDays: number): void {
    const past = (n: number, days: number, key: string): number[] => {
      const a = new Arrivals(this.seed, key, (days * DAY) / Math.max(1, n));
      const times: number[] = [];
      let t = this.start;
      for (let i = 0; i < n; i++) {
        t -= a.gap();
        times.push(t);
      }
      return times.reverse();
    };
    const steps = new Arrivals(this.seed, 'ms-tids', 1);
    let tid = FIRST_TID;
    for (const t of past(threads, msDays, 'ms-history')) {
      this.threads.push(makeThread(this.seed, tid, t));
      tid += steps.tidStep();
    }
    past(sugs, wzDays, 'wz-history').forEach((t, i) => this.sugs.push(makeSug(this.seed, FIRST_SUG_ID + i, t)));
  }

  /** Moves the clock forward, creating the messages posted meanwhile. Returns the new now. */
  advance(hours: number): number {
    if (!Number.isFinite(hours) || hours < 0) throw new RangeError(`hours must be >= 0, got ${hours}`);
    const until = floorMinute(this.now + hours * HOUR);
    while (this.nextThreadAt <= until) {
      const last = this.threads[this.threads.length - 1];
      const tid = last ? last.tid + this.msArrivals.tidStep() : FIRST_TID;
      this.threads.push(makeThread(this.seed, tid, this.nextThreadAt));
      this.nextThreadAt += this.msArrivals.gap();
    }
    while (this.nextSugAt <= until) {
      this.sugs.push(makeSug(this.seed, FIRST_SUG_ID + this.sugs.length, this.nextSugAt));
      this.nextSugAt += this.wzArrivals.gap();
    }
    this.now = until;
    return this.now;
  }

  /** The thread with this tid, or undefined (not yet posted counts as absent). */
  thread(tid: number): Thread | undefined {
    let lo = 0;
    let hi = this.threads.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const t = this.threads[mid]!;
      if (t.tid === tid) return t.postedAt <= this.now ? t : undefined;
      if (t.tid < tid) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  /** Whether a thread is deleted at the current time. */
  isDeleted(t: Thread): boolean {
    return visible(t.deleteAt, this.now);
  }

  /** Whether a thread's first post has been edited by now. */
  isEdited(t: Thread): boolean {
    return visible(t.editAt, this.now) && !this.isDeleted(t);
  }

  /** The 荆楚问政 message with this id, or undefined. */
  sug(id: number): Sug | undefined {
    const s = this.sugs[id - FIRST_SUG_ID];
    return s && s.createdAt <= this.now ? s : undefined;
  }

  /** Time of the newest visible post of a thread. */
  lastPostAt(t: Thread): number {
    let last = t.postedAt;
    for (const p of t.posts) if (p.at <= this.now) last = p.at;
    return last;
  }

  /** Visible, undeleted threads, newest last post first (the forum list order). */
  listOrder(): Thread[] {
    return this.listView().order;
  }

  /**
   * The forum list order with the counts the list header shows, computed once per clock value:
   * threads by last post (newest first), answered threads in that order, threads per category
   * and threads posted in the last 24 hours.
   */
  listView(): ListView {
    if (this.listCache?.now === this.now) return this.listCache;
    const now = this.now;
    const live: Thread[] = [];
    const lastAt: number[] = [];
    for (const t of this.threads) {
      if (t.postedAt > now) break;
      if (this.isDeleted(t)) continue;
      live.push(t);
      lastAt.push(this.lastPostAt(t));
    }
    const idx = live.map((_, i) => i);
    idx.sort((a, b) => lastAt[b]! - lastAt[a]! || live[b]!.tid - live[a]!.tid);
    const order = idx.map((i) => live[i]!);
    const answered = order.filter((t) => t.posts.some((p) => p.kind === 'official' && p.at <= now));
    const perCategory = new Map<Category, number>();
    let today = 0;
    for (const t of live) {
      perCategory.set(t.category, (perCategory.get(t.category) ?? 0) + 1);
      if (now - t.postedAt < DAY) today++;
    }
    this.listCache = { now, order, answered, perCategory, today };
    return this.listCache;
  }

  /** Views a thread shows at the current time (grows with age and activity). */
  views(t: Thread): number {
    const ageHours = Math.max(0, (this.now - t.postedAt) / HOUR);
    const posts = t.posts.filter((p) => p.at <= this.now).length;
    return 20 + (hash32(this.seed, 'views', t.tid) % 150) + Math.floor(Math.sqrt(ageHours) * 12) + posts * 9;
  }

  /** Visible 荆楚问政 messages. */
  visibleSugs(): Sug[] {
    const out: Sug[] = [];
    for (const s of this.sugs) if (s.createdAt <= this.now) out.push(s);
    return out;
  }

  /** The current time as ISO 8601 +08:00. */
  nowIso(): string {
    return isoCn(this.now);
  }

  /** A unit's name. */
  unitName(unit: number): string {
    return UNITS[unit]!.name;
  }
}
