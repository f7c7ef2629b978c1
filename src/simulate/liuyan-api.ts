/**
 * 人民网《领导留言板》 as the simulator serves it (DOMAIN-liuyan.md): the warm-up board page that
 * hands out the WAF cookie, the unsigned form POST list (G3 path and the older G1 path) with
 * its `lastItem` cursor and about 10 items a page, the signed detail and directory (SN0006 on
 * a wrong signature) and the public message page. POSTs without the WAF cookie, and every
 * request of a WAF burst, are answered 403 with the firewall's page.
 */
import { createHash } from 'node:crypto';
import { cnDate } from './clock.js';
import { officialReply } from './content.js';
import { blockPageHtml } from './faults.js';
import { hash32 } from './rng.js';
import { liuyanBoardPage, liuyanThreadPage } from './liuyan-page.js';
import {
  boardOf,
  LIUYAN_BOARDS,
  liuyanOfficial,
  liuyanStateInfo,
  liuyanText,
  type LiuyanMessage,
  type LiuyanWorld,
} from './liuyan-world.js';
import type { Reply } from './routes.js';

/** What a liuyan request carries besides its path. */
export interface LiuyanRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: string;
  cookies: Record<string, string>;
}

/** Switches of the simulated board. */
export interface LiuyanSiteOptions {
  /** The appCode the site's front end signs with (default: the adapter's default). */
  appCode: string;
  /** POSTs without the WAF cookie from a warm-up GET are refused with 403 (default on). */
  requireCookie: boolean;
  /** After this many API POSTs, every API POST is answered 403 (`wafLength` of them; null = for good). */
  wafAfter: number | null;
  wafLength: number | null;
}

/** The appCode the live front end used on 2026-10-03 (the adapter's default). */
export const LIVE_APP_CODE = 'PC42ce3bfa4980a9';
/** The WAF cookie a warm-up GET sets. */
export const WAF_COOKIE = '__jsluid_s';
/** Items a list page holds, whatever `pageSize` asks for. */
export const LIUYAN_PAGE_SIZE = 10;

type Json = Record<string, unknown>;
const json = (value: unknown): Reply => ({ status: 200, kind: 'json', body: JSON.stringify(value) });
const sec = (ms: number | null): number => (ms === null ? 0 : Math.floor(ms / 1000));
const md5 = (s: string): string => createHash('md5').update(s, 'utf8').digest('hex');

/** Whether a signed body carries the right signature for `path` under `appCode`. */
export function validSignature(path: string, body: Json, appCode: string): boolean {
  if (typeof body.param !== 'string' || typeof body.signature !== 'string' || body.appCode !== appCode) return false;
  const token = typeof body.token === 'string' ? body.token : '';
  return body.signature === md5(path + body.param + md5(appCode).slice(0, 16) + token);
}

/** The simulated board site. */
export class LiuyanSite {
  private posts = 0;

  constructor(
    private readonly lw: LiuyanWorld,
    private readonly seed: number,
    readonly opts: LiuyanSiteOptions,
  ) {}

  /**
   * Answers one request (path without the simulator's prefix), dated by the simulated clock
   * as a real server dates its answers (HTTP Date).
   */
  handle(req: LiuyanRequest): Reply {
    const reply = this.route(req);
    return { ...reply, headers: { ...reply.headers, date: new Date(this.lw.now()).toUTCString() } };
  }

  private route(req: LiuyanRequest): Reply {
    const p = req.path;
    if (req.method === 'GET' && p === '/newIndex_stat.jsonp') return this.siteStat();
    if (req.method === 'GET' && p === '/pro-dfbbs-front/forum/list') return this.warmUp(req, () => this.boardPage(req.query));
    if (req.method === 'GET' && p === '/threads/content') return this.warmUp(req, () => this.threadPage(req.query));
    if (req.method === 'GET' && p === '/pro-dfbbs-front/home') return this.warmUp(req, () => this.homePage());
    const api = ['/pro-dfbbs-front/threads/queryThreadsList', '/threads/queryThreadsList', '/v1/threads/content', '/v1/forum/getTopForums', '/v1/forum/getTopBwForums'];
    if (!api.includes(p)) return { status: 404, kind: 'html', body: '<html><body><h1>404 Not Found</h1></body></html>' };
    if (req.method !== 'POST') return { status: 405, kind: 'json', body: JSON.stringify({ status: 405, error: 'Method Not Allowed' }) };
    const refused = this.firewall(req);
    if (refused) return refused;
    if (p.endsWith('/queryThreadsList')) return this.list(new URLSearchParams(req.body));
    const signed = this.signed(p, req.body);
    if ('refusal' in signed) return signed.refusal;
    if (p === '/v1/threads/content') return this.detail(signed.param);
    return json({ code: 0, msg: 'ok', resultData: this.directory(p === '/v1/forum/getTopBwForums') });
  }

  /** A GET that sets the WAF cookie, as the real firewall does on any page. */
  private warmUp(req: LiuyanRequest, page: () => Reply): Reply {
    const reply = page();
    if (req.cookies[WAF_COOKIE]) return reply;
    const value = `${hash32(this.seed, 'jsluid', this.posts).toString(16)}${Date.now().toString(16)}`;
    return { ...reply, headers: { ...reply.headers, 'set-cookie': `${WAF_COOKIE}=${value}; path=/; HttpOnly` } };
  }

  private firewall(req: LiuyanRequest): Reply | null {
    this.posts++;
    const { wafAfter, wafLength } = this.opts;
    const burst = wafAfter !== null && this.posts > wafAfter && (wafLength === null || this.posts <= wafAfter + wafLength);
    if (burst || (this.opts.requireCookie && !req.cookies[WAF_COOKIE])) {
      return { status: 403, kind: 'html', body: blockPageHtml('waf', `ly${this.posts.toString(36)}`), headers: { 'content-type': 'text/html; charset=utf-8' } };
    }
    return null;
  }

  private signed(path: string, body: string): { param: Json } | { refusal: Reply } {
    const refusal = { refusal: json({ code: 'SN0006', msg: '数据格式错误' }) };
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return refusal;
    }
    if (typeof parsed !== 'object' || parsed === null || !validSignature(path, parsed as Json, this.opts.appCode)) return refusal;
    try {
      return { param: JSON.parse((parsed as Json).param as string) as Json };
    } catch {
      return refusal;
    }
  }

  private list(form: URLSearchParams): Reply {
    const fid = Number(form.get('fid'));
    if (!LIUYAN_BOARDS.some((b) => b.fid === fid)) return json({ result: 'fail', success: false, resultDesc: '版块不存在', responseData: null });
    const last = Number(form.get('lastItem') ?? 0) || 0;
    const rows = this.lw.published(fid).filter((m) => last === 0 || m.tid < last);
    return json({ result: 'success', success: true, resultDesc: '', responseData: rows.slice(0, LIUYAN_PAGE_SIZE).map((m) => this.listItem(m)) });
  }

  private messageFields(m: LiuyanMessage): Json {
    const t = liuyanText(this.seed, m);
    const now = this.lw.now();
    const answered = liuyanOfficial(m, now).length > 0;
    return {
      tid: m.tid,
      fid: m.fid,
      forumName: boardOf(m).name,
      subject: t.title,
      nickName: `${'陈王李张刘杨赵黄'[m.author % 8]}***`,
      typeName: m.typeName,
      domainName: m.category,
      stateInfo: liuyanStateInfo(m, now),
      dateline: sec(m.postedAt),
      threadsCheckTime: sec(m.publishedAt),
      grade: answered ? (m.grade ?? 0) : 0,
    };
  }

  private listItem(m: LiuyanMessage): Json {
    const t = liuyanText(this.seed, m);
    const first = liuyanOfficial(m, this.lw.now())[0];
    const board = boardOf(m);
    const excerpt = t.body.length > 40 ? `${t.body.slice(0, 40)}...` : t.body;
    return {
      ...this.messageFields(m),
      content: excerpt,
      ip: `${100 + (m.author % 100)}.${m.author % 251}.${m.tid % 256}.*`,
      from: ` ${board.place}`,
      processInfo: m.assignAt !== null && m.assignAt <= this.lw.now() ? '已交办' : '未交办',
      answerId: first?.answerId ?? null,
      answerContent: first ? this.answerText(m, first.unit, first.at, false) : '',
      answerOrganization: first ? board.units[first.unit] : '',
      answerDateline: sec(first?.at ?? null),
    };
  }

  private answerText(m: LiuyanMessage, unit: number, at: number, second: boolean): string {
    return officialReply(liuyanText(this.seed, m).answerDetail, boardOf(m).units[unit]!, cnDate(at), second);
  }

  private detail(param: Json): Reply {
    const m = typeof param.tid === 'number' ? this.lw.message(param.tid) : undefined;
    if (!m) return json({ code: 'TH0404', msg: '留言不存在或未公开' });
    const now = this.lw.now();
    const board = boardOf(m);
    const first: Json = { dataType: 1, ...this.messageFields(m), content: liuyanText(this.seed, m).body, tags: [] };
    // Some answers leave tid out of the message item: the request names it.
    if (hash32(this.seed, 'liuyan-variant', m.tid) % 5 === 0) delete first.tid;
    let officials = 0;
    const items = m.items
      .filter((i) => i.at <= now)
      .map((i) =>
        i.kind === 'official'
          ? { dataType: 4, answerId: i.answerId, content: this.answerText(m, i.unit, i.at, officials++ > 0), organization: board.units[i.unit], dateline: sec(i.at), tags: [] }
          : { dataType: 2, content: '追问：问题至今仍未解决，请再次督办。', nickName: first.nickName, dateline: sec(i.at), tags: [] },
      );
    return json({ code: 0, msg: 'ok', resultData: { contentList: [first, ...items] } });
  }

  private directory(ministries: boolean): Json[] {
    const node = (fid: number): Json => {
      const b = LIUYAN_BOARDS.find((x) => x.fid === fid)!;
      return { fid: b.fid, name: b.name, children: LIUYAN_BOARDS.filter((c) => c.parent === fid).map((c) => node(c.fid)) };
    };
    return LIUYAN_BOARDS.filter((b) => b.parent === null && b.ministry === ministries).map((b) => node(b.fid));
  }

  /**
   * The site's running totals (messageboard.people.cn `newIndex_stat.jsonp`, JSONP `IndexStat`)
   * over every board: published messages posted yesterday, this year and ever (Beijing days),
   * and messages given an official answer in those periods.
   */
  private siteStat(): Reply {
    const now = this.lw.now();
    const CN = 8 * 3_600_000;
    const DAY_MS = 86_400_000;
    const today = Math.floor((now + CN) / DAY_MS) * DAY_MS - CN;
    const yearStart = Date.parse(`${new Date(now + CN).toISOString().slice(0, 4)}-01-01T00:00:00+08:00`);
    const all = this.lw.published(null);
    const posted = (from: number, until: number) => all.filter((m) => m.postedAt >= from && m.postedAt < until).length;
    const answered = (from: number, until: number) => all.filter((m) => liuyanOfficial(m, now).some((i) => i.at >= from && i.at < until)).length;
    const stat = {
      answersNum: answered(today - DAY_MS, today),
      yearAnswersNum: answered(yearStart, now + 1),
      totalAnswersNum: answered(0, now + 1),
      threadsNum: posted(today - DAY_MS, today),
      yearThreadsNum: posted(yearStart, now + 1),
      totalThreadsNum: all.length,
    };
    return { status: 200, kind: 'html', body: `IndexStat(${JSON.stringify(stat)})`, headers: { 'content-type': 'application/javascript; charset=utf-8' } };
  }

  private boardPage(q: URLSearchParams): Reply {
    const b = LIUYAN_BOARDS.find((x) => x.fid === Number(q.get('fid')));
    if (!b) return { status: 404, kind: 'html', body: '<html><body><h1>404 Not Found</h1></body></html>' };
    return { status: 200, kind: 'html', body: liuyanBoardPage(b.fid, b.name, this.opts.appCode), headers: { 'content-type': 'text/html; charset=utf-8' } };
  }

  private homePage(): Reply {
    return { status: 200, kind: 'html', body: liuyanBoardPage(0, '领导留言板', this.opts.appCode), headers: { 'content-type': 'text/html; charset=utf-8' } };
  }

  private threadPage(q: URLSearchParams): Reply {
    const tid = Number(q.get('tid'));
    return { status: 200, kind: 'html', body: liuyanThreadPage(tid, this.opts.appCode), headers: { 'content-type': 'text/html; charset=utf-8' } };
  }
}
