/**
 * The board simulator in its own process, so its CPU and memory are not the crawler's. The
 * parent side (`startSimChild`) forks this file; the child serves `startSimulator` on
 * 127.0.0.1 and answers a few bench-only questions over IPC: how many board requests it
 * answered since the last ask, and, after a simulated day, the fewest requests that would
 * have fetched every change (`advanceDay`).
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { POSTS_PER_PAGE, startSimulator, THREADS_PER_PAGE, type Simulator, type World } from '../../src/simulate/index.js';
import { repoRoot } from './measure.js';

const here = fileURLToPath(import.meta.url);

export interface SimArgs {
  seed: number;
  threads: number;
  /** Every board answer waits this long first (a far server; the workers stage). */
  latencyMs?: number;
}

/** The board requests answered since the last ask, and the span from the first one's arrival to the last answer (robots.txt included). */
export interface Served {
  /** Board pages (robots.txt not counted: each crawl worker asks for it once). */
  pages: number;
  /** Epoch ms; null when there were none. */
  firstArrivalMs: number | null;
  lastAnswerMs: number | null;
  /** When each page was answered (epoch ms, ascending). */
  answersMs: number[];
}

/** The fewest requests that fetch everything a simulated day changed on the forum. */
export interface DayChanges {
  hours: number;
  newThreads: number;
  threadsWithNewPosts: number;
  editedThreads: number;
  /** Threads that changed (new, new posts or edited; deleted ones need no request). */
  changedThreads: number;
  /** Thread pages that show a new or edited post. */
  threadPages: number;
  /** List pages from the first to the deepest one that shows a changed thread. */
  listPages: number;
  minimalRequests: number;
}

type Ask = { cmd: 'takeRequests' } | { cmd: 'takeServed' } | { cmd: 'advanceDay'; hours: number } | { cmd: 'close' };
type Command = Ask & { id: number };

/** A running simulator child. */
export interface SimChild {
  /** Base URL of the 《民生热线》 board on the simulator (`--origin cnhubei-minsheng=<this>`). */
  minshengOrigin: string;
  /** The child's process id (its CPU time is read from /proc). */
  pid: number;
  /** Board requests answered since the last call (the counter then restarts). */
  takeRequests(): Promise<number>;
  /** Like takeRequests, with the span they were served in. */
  takeServed(): Promise<Served>;
  /** Moves the clock by `hours` and says what the minimal crawl of the change would be. */
  advanceDay(hours?: number): Promise<DayChanges>;
  close(): Promise<void>;
}

/** Forks the simulator child and waits until it listens. */
export async function startSimChild(args: SimArgs): Promise<SimChild> {
  const child: ChildProcess = fork(here, [JSON.stringify(args)], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map<number, (value: unknown) => void>();
  let nextId = 1;
  const ready = new Promise<{ origins: Record<string, string> }>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`simulator child exited (${code}) before it was ready`)));
    child.on('message', (m: { ready?: boolean; origins?: Record<string, string>; id?: number; result?: unknown }) => {
      if (m.ready) resolve({ origins: m.origins! });
      else if (m.id !== undefined) {
        pending.get(m.id)?.(m.result);
        pending.delete(m.id);
      }
    });
  });
  const { origins } = await ready;
  child.removeAllListeners('exit');
  const ask = <T>(c: Ask): Promise<T> =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve as (v: unknown) => void);
      child.send({ ...c, id });
    });
  return {
    minshengOrigin: origins['cnhubei-minsheng']!,
    pid: child.pid!,
    takeRequests: () => ask<number>({ cmd: 'takeRequests' }),
    takeServed: () => ask<Served>({ cmd: 'takeServed' }),
    advanceDay: (hours = 24) => ask<DayChanges>({ cmd: 'advanceDay', hours }),
    close: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ cmd: 'close', id: 0 });
      await exited;
    },
  };
}

/** Per thread, what a page could show before the clock moved. */
interface Seen {
  visiblePosts: number;
  edited: boolean;
}

/** Compares the world after the clock moved with what it showed before (see DayChanges). */
export function dayChanges(world: World, before: Map<number, Seen>, hours: number): DayChanges {
  const order = world.listView().order;
  const out = { newThreads: 0, threadsWithNewPosts: 0, editedThreads: 0, changedThreads: 0, threadPages: 0 };
  let deepest = -1;
  order.forEach((t, position) => {
    const touched = pagesTouched(before.get(t.tid), seenOf(world, t), out);
    if (touched === 0) return;
    out.changedThreads++;
    out.threadPages += touched;
    deepest = position;
  });
  const listPages = deepest < 0 ? 0 : Math.floor(deepest / THREADS_PER_PAGE) + 1;
  return { hours, ...out, listPages, minimalRequests: listPages + out.threadPages };
}

/** How many pages of one thread show something new: all of a new thread, page 1 of an edit, the pages with new posts. */
function pagesTouched(was: Seen | undefined, now: Seen, tally: { newThreads: number; threadsWithNewPosts: number; editedThreads: number }): number {
  const pages = Math.ceil((1 + now.visiblePosts) / POSTS_PER_PAGE);
  if (!was) {
    tally.newThreads++;
    return pages;
  }
  const pageSet = new Set<number>();
  if (now.edited && !was.edited) {
    tally.editedThreads++;
    pageSet.add(1);
  }
  if (now.visiblePosts > was.visiblePosts) {
    tally.threadsWithNewPosts++;
    // Floor k (0 = the first post) is on page floor(k / POSTS_PER_PAGE) + 1.
    for (let p = Math.floor((was.visiblePosts + 1) / POSTS_PER_PAGE) + 1; p <= pages; p++) pageSet.add(p);
  }
  return pageSet.size;
}

function seenOf(world: World, t: World['threads'][number]): Seen {
  let visiblePosts = 0;
  for (const p of t.posts) if (p.at <= world.now) visiblePosts++;
  return { visiblePosts, edited: world.isEdited(t) };
}

function snapshotWorld(world: World): Map<number, Seen> {
  return new Map(world.listView().order.map((t) => [t.tid, seenOf(world, t)]));
}

async function childMain(): Promise<void> {
  const args = JSON.parse(process.argv[2] ?? '{}') as SimArgs;
  const sim: Simulator = await startSimulator({ port: 0, seed: args.seed, threads: args.threads, wenzhengMessages: 0, latencyMs: args.latencyMs });
  let counted = 0;
  process.on('message', async (c: Command) => {
    if (c.cmd === 'takeRequests') {
      const n = sim.requests().length - counted;
      counted = sim.requests().length;
      process.send!({ id: c.id, result: n });
    } else if (c.cmd === 'takeServed') {
      const log = sim.requests().slice(counted);
      counted = sim.requests().length;
      const pages = log.filter((e) => !e.url.endsWith('/robots.txt'));
      const served: Served = { pages: pages.length, firstArrivalMs: null, lastAnswerMs: null, answersMs: pages.map((e) => Date.parse(e.t)).sort((a, b) => a - b) };
      for (const e of log) {
        const [arrival, answer] = [Date.parse(e.receivedAt), Date.parse(e.t)];
        served.firstArrivalMs = Math.min(served.firstArrivalMs ?? arrival, arrival);
        served.lastAnswerMs = Math.max(served.lastAnswerMs ?? answer, answer);
      }
      process.send!({ id: c.id, result: served });
    } else if (c.cmd === 'advanceDay') {
      const before = snapshotWorld(sim.world);
      sim.world.advance(c.hours);
      process.send!({ id: c.id, result: dayChanges(sim.world, before, c.hours) });
    } else {
      await sim.close();
      process.exit(0);
    }
  });
  process.send!({ ready: true, origins: sim.origins });
}

if (process.argv[1] && path.resolve(process.argv[1]) === here) await childMain();
