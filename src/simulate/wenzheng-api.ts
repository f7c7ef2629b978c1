/**
 * 《荆楚问政》 (api.wz.cnhubei.com) as the simulator serves it: the JSON API in DOMAIN.md's
 * shape, with the variants the real front end copes with (ids and cstatus sometimes strings,
 * sug.id sometimes missing, zwen absent / null / one object / a list), and the public detail
 * page /html/detail/{id}.html. JSON and the detail page are UTF-8.
 */
import { wzTime } from './clock.js';
import { brText, esc } from './discuz-chrome.js';
import { hash32 } from './rng.js';
import { sugUrl, type Reports } from './reports.js';
import { sugText } from './texts.js';
import { UNITS, WENZHENG_UNITS } from './units.js';
import { sugCStatus, type Sug, type World } from './world.js';

/** news_typeid of the two report columns in ponews. */
export const NEWS_TYPE_MONTHLY = 1105;
export const NEWS_TYPE_DAILY = 1110;

type Json = Record<string, unknown>;

/** The envelope every API answer has. */
export function envelope(app: unknown, total: number, state = true, message = '成功'): Json {
  return { state, message, data: { common: { app, total } } };
}

const deptId = (unit: number): number => 1000 + unit;

/** Which optional shapes a message's JSON takes (stable per seed and id). */
function variant(world: World, id: number): { idAsString: boolean; cstatusAsString: boolean; omitSugId: boolean; zwenShape: 'absent' | 'null' | 'object' | 'list' } {
  const h = hash32(world.seed, 'wz-variant', id);
  return {
    idAsString: h % 5 === 0,
    cstatusAsString: (h >> 3) % 4 === 0,
    omitSugId: (h >> 6) % 9 === 0,
    zwenShape: (['absent', 'null', 'object', 'list'] as const)[(h >> 9) % 4]!,
  };
}

function describe(s: string): string {
  return s.length > 60 ? `${s.slice(0, 60)}...` : s;
}

function listItem(world: World, s: Sug): Json {
  const t = sugText(world.seed, s);
  const v = variant(world, s.id);
  return {
    id: v.idAsString ? String(s.id) : s.id,
    title: t.title,
    content: t.body,
    created_at: wzTime(s.createdAt),
    dept_name: UNITS[s.unit]!.name,
    status_str: sugCStatus(s, world.now).word,
    description: describe(t.body),
  };
}

function page<T>(list: T[], params: URLSearchParams): { items: T[]; total: number } {
  const size = Math.min(50, Math.max(1, Number(params.get('pagesize')) || 10));
  const p = Math.max(1, Number(params.get('page')) || 1);
  return { items: list.slice((p - 1) * size, p * size), total: Math.ceil(list.length / size) };
}

/** `allsuglist`: list_type 1 = answered (newest answer first), 3 = not yet answered (newest first). */
export function allSugList(world: World, params: URLSearchParams): Json {
  const type = params.get('list_type') ?? '1';
  const now = world.now;
  let list = world.visibleSugs();
  if (params.get('deplist_type') === '1' && params.get('deptid')) list = list.filter((s) => String(deptId(s.unit)) === params.get('deptid'));
  if (type === '1') list = list.filter((s) => s.replyAt !== null && s.replyAt <= now).sort((a, b) => b.replyAt! - a.replyAt! || b.id - a.id);
  else if (type === '3') list = list.filter((s) => !(s.replyAt !== null && s.replyAt <= now)).sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
  else return envelope([], 0, false, '参数错误');
  const { items, total } = page(list, params);
  return envelope(items.map((s) => listItem(world, s)), total);
}

/** `sugdetail?suid=`: the message, its answer and follow-ups. */
export function sugDetail(world: World, params: URLSearchParams): Json {
  const id = Number(params.get('suid'));
  const s = Number.isInteger(id) ? world.sug(id) : undefined;
  if (!s) return envelope([], 0, false, '留言不存在或已删除');
  const now = world.now;
  const t = sugText(world.seed, s);
  const v = variant(world, s.id);
  const st = sugCStatus(s, now);
  const sug: Json = {
    ...(v.omitSugId ? {} : { id: v.idAsString ? String(s.id) : s.id }),
    title: t.title,
    nickname: t.nickname,
    created_at: wzTime(s.createdAt),
    cstatus: v.cstatusAsString ? String(st.cstatus) : st.cstatus,
    status_str: st.word,
    content: t.body,
    verify_time: wzTime(s.createdAt + 30 * 60_000),
    dept_name: UNITS[s.unit]!.name,
    reply: s.replyAt !== null && s.replyAt <= now ? [{ created_at: wzTime(s.replyAt), reply: t.reply }] : [],
    scope: s.scope !== null && s.replyAt !== null && s.replyAt <= now ? s.scope : null,
  };
  const app: Json = { sug };
  if (s.zwenAt !== null && s.zwenAt <= now) {
    const z = {
      id: s.id * 10 + 1,
      content: t.zwen,
      created_at: wzTime(s.zwenAt),
      reply: s.zwenReplyAt !== null && s.zwenReplyAt <= now ? [{ created_at: wzTime(s.zwenReplyAt), reply: t.zwenReply }] : [],
    };
    app.zwen = v.zwenShape === 'object' ? z : [z];
  } else if (v.zwenShape === 'null') app.zwen = null;
  else if (v.zwenShape === 'list') app.zwen = [];
  return envelope(app, 1);
}

/** `ponews?news_typeid=1105|1110`: the report articles, newest first. */
export function poNews(reports: Reports, params: URLSearchParams): Json {
  const type = Number(params.get('news_typeid'));
  if (type !== NEWS_TYPE_MONTHLY && type !== NEWS_TYPE_DAILY) return envelope([], 0, false, '参数错误');
  const list = reports.published(type === NEWS_TYPE_MONTHLY ? 'wzbg' : 'mrhf');
  const { items, total } = page(list, params);
  return envelope(
    items.map((a) => ({ id: a.n, title: a.title, url: a.url, created_at: wzTime(a.publishedAt), news_typeid: type, description: describe(a.paragraphs[a.kind === 'daily' ? 2 : 0] ?? '') })),
    total,
  );
}

/** `bureaulist`: the units with a 荆楚问政 account. */
export function bureauList(): Json {
  return envelope(WENZHENG_UNITS.map((u) => ({ dept_id: deptId(u), dept_name: UNITS[u]!.name })), 1);
}

/** The public detail page of a message, or null when there is none. */
export function detailPage(world: World, id: number): string | null {
  const s = world.sug(id);
  if (!s) return null;
  const t = sugText(world.seed, s);
  const now = world.now;
  const st = sugCStatus(s, now);
  const reply = s.replyAt !== null && s.replyAt <= now ? `<div class="reply"><h3>${esc(UNITS[s.unit]!.name)} 回复于 ${wzTime(s.replyAt)}</h3><p>${brText(t.reply)}</p></div>` : '';
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8" />
<title>${esc(t.title)}_荆楚问政_荆楚网</title>
<link rel="canonical" href="${sugUrl(id)}" />
<script src="/static/js/jquery.min.js"></script>
<script>var suid = ${id};</script>
</head>
<body>
<div class="header"><a href="http://www.cnhubei.com/">荆楚网</a> &gt; <a href="http://wz.cnhubei.com/">荆楚问政</a></div>
<div class="detail" id="app">
<h1 class="title">${esc(t.title)}</h1>
<div class="info"><span class="nickname">${esc(t.nickname)}</span> <span class="time">${wzTime(s.createdAt)}</span> <span class="dept">${esc(UNITS[s.unit]!.name)}</span> <span class="status">${st.word}</span></div>
<div class="content">${brText(t.body)}</div>
${reply}
</div>
<div class="footer">Copyright &copy; 2001-2021 湖北荆楚网络科技股份有限公司 All Rights Reserved</div>
</body>
</html>
`;
}
