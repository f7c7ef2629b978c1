/**
 * The news.cnhubei.com report articles the simulated platform publishes about itself:
 * a daily digest (每日回复) for each day that had answers, and a monthly report (问政报告)
 * whose figures are counted from the simulated messages (optionally overstated by a known
 * factor, so a claims check has something to catch). Articles are immutable once published,
 * so each one is computed once and cached.
 */
import { DAY, HOUR, MINUTE, cnDate, cnDayStart, cnFields, cnMonthDay, cnTime, dateCn, isoCn } from './clock.js';
import { sugText, threadText } from './texts.js';
import { CATEGORIES, UNITS, WENZHENG_UNITS } from './units.js';
import type { Sug, Thread, World } from './world.js';

/** Factor applied to every "replied" figure when the simulator runs with `overstate`. */
export const OVERSTATE_FACTOR = 1.25;
/** Days before the start of simulated time that daily digests go back. */
export const DIGEST_HISTORY_DAYS = 30;
/** Months before now that monthly reports go back. */
export const MONTHLY_HISTORY_MONTHS = 24;
/** Numbered items a daily digest shows at most. */
const DIGEST_ITEMS = 6;

export const BOARD_MS = '民生热线';
export const BOARD_WZ = '荆楚问政';
export const BOARD_BOTH = '民生热线+荆楚问政';

/** A figure as the article prints it (`value`) and as the data has it (`actual`). */
export interface SimFigure {
  metric: string;
  value: number;
  actual: number;
  unit: 'count' | 'percent';
  qualifier: 'exact';
  board: string | null;
  region: null;
  category: string | null;
  asOf: string | null;
  text: string;
}

/** One numbered item of a daily digest. */
export interface DigestItem {
  source: 'cnhubei-minsheng' | 'cnhubei-wenzheng';
  externalId: string;
  board: string;
  url: string;
  headline: string;
  department: string;
  postedAt: number;
  message: string;
  reply: string;
}

/** A published article. */
export interface ReportArticle {
  kind: 'daily' | 'monthly';
  /** Column path on news.cnhubei.com: `wzbg` (问政报告) or `mrhf` (每日回复). */
  column: 'wzbg' | 'mrhf';
  n: number;
  publishedAt: number;
  /** Public path, e.g. `/content/2021-03/09/content_13062040.html`. */
  path: string;
  url: string;
  title: string;
  periodStart: string;
  periodEnd: string;
  /** Paragraphs of the body, in order. */
  paragraphs: string[];
  figures: SimFigure[];
  items: DigestItem[];
}

export const NEWS_ORIGIN = 'http://news.cnhubei.com';
export const BBS_ORIGIN = 'http://bbs.cnhubei.com';
export const WZ_ORIGIN = 'http://api.wz.cnhubei.com';

/** Public URL of a thread (page 1). */
export const threadUrl = (tid: number, page = 1): string => `${BBS_ORIGIN}/thread-${tid}-${page}-1.html`;
/** Public URL of a 荆楚问政 message. */
export const sugUrl = (id: number): string => `${WZ_ORIGIN}/html/detail/${id}.html`;

/** Registered 《民生热线》 units on a date: 2146 at the end of May 2019, about 25 more a month. */
export function unitsRegistered(ms: number): number {
  return 2146 + Math.max(0, Math.floor((ms - cnTime(2019, 6, 1)) / (30 * DAY))) * 25;
}

function articleNumber(publishedAt: number, kind: 'daily' | 'monthly'): number {
  return 13_000_000 + Math.floor((cnDayStart(publishedAt) - cnTime(2015, 1, 1)) / DAY) * 10 + (kind === 'daily' ? 0 : 1);
}

function articlePath(publishedAt: number, n: number): string {
  const [y, m, d] = dateCn(publishedAt).split('-');
  return `/content/${y}-${m}/${d}/content_${n}.html`;
}

interface AnswerEvent {
  at: number;
  thread?: Thread;
  sug?: Sug;
}

/** Builds and caches the report articles of a world. */
export class Reports {
  private readonly byDay = new Map<number, AnswerEvent[]>();
  private seenThreads = 0;
  private seenSugs = 0;
  private readonly cache = new Map<string, ReportArticle>();

  constructor(
    private readonly world: World,
    private readonly overstate: boolean,
  ) {}

  /** Every article published by now, newest first. */
  published(column?: 'wzbg' | 'mrhf'): ReportArticle[] {
    this.sync();
    const out: ReportArticle[] = [];
    if (column !== 'wzbg') out.push(...this.dailies());
    if (column !== 'mrhf') out.push(...this.monthlies());
    return out.sort((a, b) => b.publishedAt - a.publishedAt || b.n - a.n);
  }

  /** The article at a public path, if published. */
  byPath(path: string): ReportArticle | undefined {
    return this.published().find((a) => a.path === path);
  }

  private inflate(v: number): number {
    return this.overstate ? Math.round(v * OVERSTATE_FACTOR) : v;
  }

  /** Registers the answer events of messages created since the last call. */
  private sync(): void {
    const add = (at: number, e: AnswerEvent): void => {
      const day = cnDayStart(at);
      const list = this.byDay.get(day);
      if (list) list.push(e);
      else this.byDay.set(day, [e]);
    };
    for (; this.seenThreads < this.world.threads.length; this.seenThreads++) {
      const t = this.world.threads[this.seenThreads]!;
      for (const p of t.posts) if (p.kind === 'official') add(p.at, { at: p.at, thread: t });
    }
    for (; this.seenSugs < this.world.sugs.length; this.seenSugs++) {
      const s = this.world.sugs[this.seenSugs]!;
      if (s.replyAt !== null) add(s.replyAt, { at: s.replyAt, sug: s });
      if (s.zwenReplyAt !== null) add(s.zwenReplyAt, { at: s.zwenReplyAt, sug: s });
    }
  }

  private dailies(): ReportArticle[] {
    const out: ReportArticle[] = [];
    const first = cnDayStart(this.world.start - DIGEST_HISTORY_DAYS * DAY);
    for (let day = first; day + DAY + 9.5 * HOUR <= this.world.now; day += DAY) {
      if (!this.byDay.has(day)) continue;
      const key = `d${day}`;
      let a = this.cache.get(key);
      if (!a) {
        a = this.daily(day);
        this.cache.set(key, a);
      }
      if (a.items.length) out.push(a);
    }
    return out;
  }

  private daily(day: number): ReportArticle {
    const publishedAt = day + DAY + 9.5 * HOUR;
    const seen = new Set<string>();
    const events: AnswerEvent[] = [];
    for (const e of [...this.byDay.get(day)!].sort((a, b) => a.at - b.at)) {
      if (e.thread && e.thread.deleteAt !== null && e.thread.deleteAt <= publishedAt) continue;
      const key = e.thread ? `t${e.thread.tid}` : `s${e.sug!.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      events.push(e);
    }
    const items = events.slice(0, DIGEST_ITEMS).map((e) => this.item(e));
    const n = articleNumber(publishedAt, 'daily');
    const path = articlePath(publishedAt, n);
    const units = unitsRegistered(publishedAt);
    const count = this.inflate(events.length);
    const summary = `${cnMonthDay(day)}，相关部门实名回复了${count}条网友留言，以下为部分回复内容：`;
    const claimed = WENZHENG_UNITS.length;
    const boilerplate = `截至今日，《民生热线》共有${units}家单位实名入驻，《荆楚问政》共有${claimed}家单位认领账号。`;
    const figures: SimFigure[] = [
      fig('units_registered', units, units, BOARD_MS, null, dateCn(publishedAt), boilerplate),
      fig('departments_claimed', claimed, claimed, BOARD_WZ, null, dateCn(publishedAt), boilerplate),
      fig('replied', count, events.length, BOARD_BOTH, null, dateCn(day), summary),
    ];
    const paragraphs = [cnDate(day), figures[0]!.text, summary];
    items.forEach((it, i) => {
      const isMs = it.source === 'cnhubei-minsheng';
      const y = cnFields(it.postedAt).y === cnFields(day).y ? '' : `${cnFields(it.postedAt).y}年`;
      paragraphs.push(
        `${ORDINALS[i]}、${it.headline}`,
        `${isMs ? '帖文链接' : '留言链接'}：${it.url}`,
        `${y}${cnMonthDay(it.postedAt)}，网友在《${it.board}》${isMs ? '发帖称' : '留言称'}：${it.message}`,
        `${it.department}${isMs ? '就该问题回复' : '就该内容回复'}：${it.reply}`,
      );
    });
    const title = `网络问政每日回复：${items[0] ? items[0].headline : cnDate(day)}`;
    return { kind: 'daily', column: 'mrhf', n, publishedAt, path, url: NEWS_ORIGIN + path, title, periodStart: dateCn(day), periodEnd: dateCn(day), paragraphs, figures, items };
  }

  private item(e: AnswerEvent): DigestItem {
    const seed = this.world.seed;
    if (e.thread) {
      const t = e.thread;
      const m = threadText(seed, t, false);
      const dept = UNITS[t.unit]!.name;
      return { source: 'cnhubei-minsheng', externalId: String(t.tid), board: BOARD_MS, url: threadUrl(t.tid), headline: `${m.title} ${dept}：${m.answerSummary}`, department: dept, postedAt: t.postedAt, message: m.body, reply: `${m.answerDetail}。` };
    }
    const s = e.sug!;
    const m = sugText(seed, s);
    const dept = UNITS[s.unit]!.name;
    return { source: 'cnhubei-wenzheng', externalId: String(s.id), board: BOARD_WZ, url: sugUrl(s.id), headline: `${m.title} ${dept}：${m.answerSummary}`, department: dept, postedAt: s.createdAt, message: m.body, reply: `${m.answerDetail}。` };
  }

  private monthlies(): ReportArticle[] {
    const out: ReportArticle[] = [];
    const earliest = Math.min(this.world.threads[0]?.postedAt ?? Infinity, this.world.sugs[0]?.createdAt ?? Infinity);
    const nowF = cnFields(this.world.now);
    for (let back = 1; back <= MONTHLY_HISTORY_MONTHS; back++) {
      const y = nowF.y + Math.floor((nowF.mo - 1 - back) / 12);
      const mo = ((((nowF.mo - 1 - back) % 12) + 12) % 12) + 1;
      const from = cnTime(y, mo, 1);
      const to = mo === 12 ? cnTime(y + 1, 1, 1) : cnTime(y, mo + 1, 1);
      if (to <= earliest) break;
      const publishedAt = to + 5 * DAY + 18 * HOUR + 31 * MINUTE;
      if (publishedAt > this.world.now) continue;
      const key = `m${from}`;
      let a = this.cache.get(key);
      if (!a) {
        a = this.monthly(y, mo, from, to, publishedAt);
        this.cache.set(key, a);
      }
      out.push(a);
    }
    return out;
  }

  private monthly(y: number, mo: number, from: number, to: number, publishedAt: number): ReportArticle {
    const asOf = to + 5 * DAY - MINUTE; // 截至次月5日
    const asOfDate = dateCn(asOf);
    const af = cnFields(asOf);
    const lastDay = cnFields(to - DAY).d;
    const threads = this.world.threads.filter((t) => t.postedAt >= from && t.postedAt < to && !(t.deleteAt !== null && t.deleteAt <= asOf));
    const sugs = this.world.sugs.filter((s) => s.createdAt >= from && s.createdAt < to);
    const msReplied = threads.filter((t) => t.posts.some((p) => p.kind === 'official' && p.at <= asOf)).length;
    const wzReplied = sugs.filter((s) => s.replyAt !== null && s.replyAt <= asOf).length;
    const wzValid = sugs.filter((s) => !s.invalid).length;
    const wzForwarded = sugs.filter((s) => s.forwardAt !== null && s.forwardAt <= asOf).length;
    const received = threads.length + sugs.length;
    const replied = msReplied + wzReplied;
    const rate = (r: number, n: number): number => (n ? Math.round((r * 100) / n) : 0);
    const msRate = rate(this.inflate(msReplied), threads.length);
    const units = unitsRegistered(asOf);
    const figures: SimFigure[] = [];
    const p: string[] = [];
    const say = (text: string, ...fs: SimFigure[]): void => {
      p.push(text);
      figures.push(...fs.map((f) => ({ ...f, text })));
    };
    say(
      `荆楚网客户端-荆楚网消息 ${y}年${mo}月，《荆楚问政》《民生热线》共收到${received}条网友留言，有${this.inflate(replied)}条留言得到相关部门回复。`,
      fig('received', received, received, BOARD_BOTH, null, null, ''),
      fig('replied', this.inflate(replied), replied, BOARD_BOTH, null, asOfDate, ''),
    );
    say(`截至目前，荆楚网《民生热线》共有${units}家单位实名入驻，积极回应网友留言。`, fig('units_registered', units, units, BOARD_MS, null, asOfDate, ''));
    say(
      `${mo}月1日至${lastDay}日，《荆楚问政》共收到${sugs.length}条留言，其中有效留言${wzValid}条，栏目组已将${wzForwarded}条留言转办至相关部门，${this.inflate(wzReplied)}条留言获得相关部门回复。`,
      fig('received', sugs.length, sugs.length, BOARD_WZ, null, null, ''),
      fig('valid', wzValid, wzValid, BOARD_WZ, null, null, ''),
      fig('forwarded', wzForwarded, wzForwarded, BOARD_WZ, null, asOfDate, ''),
      fig('replied', this.inflate(wzReplied), wzReplied, BOARD_WZ, null, asOfDate, ''),
    );
    say(`目前，已有${WENZHENG_UNITS.length}家单位认领了《荆楚问政》留言板账号。`, fig('departments_claimed', WENZHENG_UNITS.length, WENZHENG_UNITS.length, BOARD_WZ, null, asOfDate, ''));
    say(
      `${mo}月1日至${lastDay}日，《民生热线》共收到省内各地网民留言${threads.length}条，栏目组已向相关部门转达留言共${threads.length}条，共有${this.inflate(msReplied)}条留言得到了及时回复，回复率为${msRate}%。截至${af.y}年${af.mo}月${af.d}日，仍有部分网友留言尚未得到相关部门回复。`,
      fig('received', threads.length, threads.length, BOARD_MS, null, null, ''),
      fig('forwarded', threads.length, threads.length, BOARD_MS, null, null, ''),
      fig('replied', this.inflate(msReplied), msReplied, BOARD_MS, null, asOfDate, ''),
      { ...fig('reply_rate', msRate, rate(msReplied, threads.length), BOARD_MS, null, asOfDate, ''), unit: 'percent' },
    );
    const byCat = CATEGORIES.map((c) => ({ name: c.name, count: threads.filter((t) => t.category === c.name).length }))
      .filter((c) => c.count > 0)
      .sort((a, b) => b.count - a.count)
      .slice(0, 5);
    byCat.forEach((c, i) => {
      p.push(`NO.${i + 1} ${c.name}问题 ${c.count}条`);
      say(`${mo}月，《民生热线》中网友关于${c.name}的留言共${c.count}条。`, fig('category_count', c.count, c.count, BOARD_MS, c.name, null, ''));
    });
    p.push('湖北省内各入驻单位及时回复网友留言，响应群众关切，栏目组代表广大网友表示诚挚感谢！同时，因各种原因，还有部分留言没有得到及时回复，如有回音，请在《民生热线》《荆楚问政》中及时给予回复。');
    const top = topUnit(threads, asOf);
    const title = `${y}年${mo}月湖北网络问政报告：${top ? `${top}等单位积极回应网友关切` : '各地积极回应网友关切'}`;
    const n = articleNumber(publishedAt, 'monthly');
    const path = articlePath(publishedAt, n);
    return { kind: 'monthly', column: 'wzbg', n, publishedAt, path, url: NEWS_ORIGIN + path, title, periodStart: dateCn(from), periodEnd: dateCn(to - DAY), paragraphs: p, figures, items: [] };
  }
}

const ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

function fig(metric: string, value: number, actual: number, board: string | null, category: string | null, asOf: string | null, text: string): SimFigure {
  return { metric, value, actual, unit: 'count', qualifier: 'exact', board, region: null, category, asOf, text };
}

function topUnit(threads: Thread[], asOf: number): string | null {
  const counts = new Map<number, number>();
  for (const t of threads) if (t.posts.some((p) => p.kind === 'official' && p.at <= asOf)) counts.set(t.unit, (counts.get(t.unit) ?? 0) + 1);
  let best: number | null = null;
  for (const [u, c] of counts) if (best === null || c > counts.get(best)! || (c === counts.get(best)! && u < best)) best = u;
  return best === null ? null : UNITS[best]!.name;
}

/** ISO time of an article's publication. */
export const publishedIso = (a: ReportArticle): string => isoCn(a.publishedAt);
