/**
 * 人民网《领导留言板》 as the simulator models it: a few boards (fid) of leaders and a ministry,
 * messages with a global, rising tid that skips most numbers (most tids are never shown on the
 * real site), a review delay between posting (`dateline`) and publication
 * (`threadsCheckTime`), some messages never published, assignment (办理中), official answers,
 * follow-ups and answers to them. Each message's fate is drawn once from hash(seed, tid); what
 * any answer shows is that fate filtered by the shared simulated clock.
 */
import { HOUR, floorMinute } from './clock.js';
import { messageText, type MessageText } from './content.js';
import { Arrivals, historyDaysFor } from './arrivals.js';
import { rngFor } from './rng.js';
import { CATEGORY_WEIGHTS, type Category } from './units.js';
import type { World } from './world.js';

/** One simulated board: its fid, name, parent in the directory and the units answering on it. */
export interface LiuyanBoard {
  fid: number;
  name: string;
  parent: number | null;
  /** Place words a citizen writes in the message. */
  place: string;
  units: readonly string[];
  ministry: boolean;
}

/**
 * The boards. Unit names start with their province or city so that any resolver files them
 * in the right place.
 */
export const LIUYAN_BOARDS: readonly LiuyanBoard[] = [
  { fid: 559, name: '浙江省委书记', parent: null, place: '浙江省', units: ['浙江省交通运输厅', '浙江省住房和城乡建设厅'], ministry: false },
  { fid: 1007, name: '杭州市委书记', parent: 559, place: '杭州市西湖区', units: ['杭州市城市管理局', '杭州市西湖区人民政府', '杭州市交通运输局'], ministry: false },
  { fid: 4175, name: '淳安县委书记', parent: 559, place: '淳安县千岛湖镇', units: ['杭州市淳安县人民政府', '杭州市淳安县住房和城乡建设局'], ministry: false },
  { fid: 539, name: '北京市委书记', parent: null, place: '北京市朝阳区', units: ['北京市朝阳区人民政府', '北京市海淀区人民政府', '北京市交通委员会'], ministry: false },
  { fid: 5055, name: '工业和信息化部', parent: null, place: '', units: ['工业和信息化部信息通信管理局'], ministry: true },
];

/** Boards that receive messages in the simulation. */
export const LIUYAN_ACTIVE_FIDS: readonly number[] = [1007, 4175, 539];

/** The tid of the first simulated message (the real clock passed 25 million in 2026). */
export const FIRST_LIUYAN_TID = 25_400_000;

export const TYPE_NAMES = ['投诉', '求助', '咨询', '建言'] as const;

/** A later item of a message's detail. */
export interface LiuyanItem {
  at: number;
  kind: 'official' | 'follow';
  /** Index into the board's units (official items). */
  unit: number;
  /** The site's answer id (official items). */
  answerId: number | null;
}

/** A message's fate. */
export interface LiuyanMessage {
  tid: number;
  fid: number;
  postedAt: number;
  /** When the review passed and the board showed it; null: never shown. */
  publishedAt: number | null;
  assignAt: number | null;
  items: LiuyanItem[];
  grade: number | null;
  category: Category;
  typeName: (typeof TYPE_NAMES)[number];
  author: number;
}

/** Draws the fate of message `tid` posted at `postedAt`. */
export function makeLiuyanMessage(seed: number, tid: number, postedAt: number): LiuyanMessage {
  const r = rngFor(seed, 'liuyan', tid);
  const fid = r.pick(LIUYAN_ACTIVE_FIDS);
  const board = LIUYAN_BOARDS.find((b) => b.fid === fid)!;
  const at = (base: number, hours: number): number => floorMinute(base + hours * HOUR);
  const m: LiuyanMessage = {
    tid,
    fid,
    postedAt,
    publishedAt: null,
    assignAt: null,
    items: [],
    grade: null,
    category: r.weighted(CATEGORY_WEIGHTS),
    typeName: r.pick(TYPE_NAMES),
    author: r.int(0, 99_999),
  };
  if (r.chance(0.06)) return m; // never passes review: a tid no list will show
  m.publishedAt = at(postedAt, Math.min(72, Math.max(0.5, r.logNormal(19, 0.6))));
  if (r.chance(0.9)) m.assignAt = at(m.publishedAt, r.int(1, 48));
  if (m.assignAt !== null && r.chance(0.7)) {
    const first = at(m.assignAt, Math.min(24 * 60, Math.max(1, r.logNormal(72, 1))));
    const unit = r.int(0, board.units.length - 1);
    m.items.push({ at: first, kind: 'official', unit, answerId: tid * 8 + 1 });
    if (r.chance(0.5)) m.grade = r.int(1, 5);
    if (r.chance(0.2)) {
      const follow = at(first, r.int(24, 120));
      m.items.push({ at: follow, kind: 'follow', unit: 0, answerId: null });
      if (r.chance(0.6)) m.items.push({ at: at(follow, r.int(24, 96)), kind: 'official', unit, answerId: tid * 8 + 2 });
    }
  }
  return m;
}

const shown = (t: number | null, now: number): t is number => t !== null && t <= now;

/** The message's board. */
export function boardOf(m: LiuyanMessage): LiuyanBoard {
  return LIUYAN_BOARDS.find((b) => b.fid === m.fid)!;
}

/** Official items visible at `now`. */
export function liuyanOfficial(m: LiuyanMessage, now: number): LiuyanItem[] {
  return m.items.filter((i) => i.kind === 'official' && i.at <= now);
}

/** The status word (stateInfo) at `now`. */
export function liuyanStateInfo(m: LiuyanMessage, now: number): '待回复' | '办理中' | '已办理' {
  if (liuyanOfficial(m, now).length) return '已办理';
  return shown(m.assignAt, now) ? '办理中' : '待回复';
}

/** The contract's status at `now`. */
export function liuyanStatus(m: LiuyanMessage, now: number): 'replied' | 'in_progress' | 'pending' {
  const w = liuyanStateInfo(m, now);
  return w === '已办理' ? 'replied' : w === '办理中' ? 'in_progress' : 'pending';
}

/** The text of a message (regenerated from the seed). */
export function liuyanText(seed: number, m: LiuyanMessage): MessageText {
  return messageText(rngFor(seed, 'liuyan-text', m.tid), m.category, boardOf(m).place || '本地');
}

/** All messages of the simulated board, drawn lazily up to the world's clock (arrivals.ts). */
export class LiuyanWorld {
  private readonly drawn: Arrivals<LiuyanMessage>;

  constructor(world: World, count: number, historyDays = historyDaysFor(count)) {
    this.drawn = new Arrivals(
      world,
      {
        key: 'liuyan-arrivals',
        firstId: FIRST_LIUYAN_TID,
        make: (tid, at) => makeLiuyanMessage(world.seed, tid, at),
        // Most tids are never shown: the real counter runs about ten times faster than the boards.
        step: (r) => 1 + r.int(0, 19),
      },
      count,
      historyDays,
    );
  }

  /** Every message drawn so far, published or not, in tid order. */
  get messages(): LiuyanMessage[] {
    return this.drawn.messages;
  }

  /** The clock, after drawing every message posted up to it. */
  now(): number {
    return this.drawn.now();
  }

  /** Messages published by now, on board `fid` (all boards when null), highest tid first. */
  published(fid: number | null): LiuyanMessage[] {
    const now = this.now();
    const out: LiuyanMessage[] = [];
    for (let i = this.messages.length - 1; i >= 0; i--) {
      const m = this.messages[i]!;
      if (shown(m.publishedAt, now) && (fid === null || m.fid === fid)) out.push(m);
    }
    return out;
  }

  /** The message with this tid if it is published by now. */
  message(tid: number): LiuyanMessage | undefined {
    const now = this.now();
    const m = this.messages.find((x) => x.tid === tid);
    return m && shown(m.publishedAt, now) ? m : undefined;
  }
}
