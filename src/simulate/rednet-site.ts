/**
 * 红网《问政湖南》 (wzapi.rednet.cn) as the simulator serves it: the list by JSON POST
 * `/front/msg/index` (`page`, `pageNum`) and a message by GET `/front/msg/detail?id=`, in the
 * `{status, data}` envelope DOMAIN-boards.md documents. Each answer carries the citizen's
 * phone number (`mobile`, and often in the text too): the archive must never keep it.
 */
import { cnFields, isoCn } from './clock.js';
import { nickname, officialReply } from './content.js';
import { esc } from './discuz-chrome.js';
import { ProvinceWorld, provinceStatus, type ProvinceBoardConfig, type ProvinceMessage } from './province-world.js';
import type { Reply } from './routes.js';
import type { TruthMessage } from './truth.js';
import type { World } from './world.js';

export const REDNET_PUBLIC_ORIGIN = 'https://wzapi.rednet.cn';

/** Units and the places citizens write about (the API names only the unit that answered). */
const UNITS: ProvinceBoardConfig['units'] = [
  { addressed: '长沙市岳麓区人民政府', answering: ['长沙市岳麓区人民政府', '长沙市岳麓区麓谷街道办事处'], place: '长沙市岳麓区' },
  { addressed: '长沙县人民政府', answering: ['长沙县人民政府', '长沙县星沙街道办事处'], place: '长沙县星沙街道' },
  { addressed: '株洲市天元区人民政府', answering: ['株洲市天元区人民政府'], place: '株洲市天元区' },
  { addressed: '湖南省交通运输厅', answering: ['湖南省交通运输厅'], place: '湖南省' },
  { addressed: '衡阳市住房和城乡建设局', answering: ['衡阳市住房和城乡建设局', '衡阳市蒸湘区人民政府'], place: '衡阳市蒸湘区' },
];
const TYPE_NAMES = ['投诉', '咨询', '建议', '求助'] as const;
const IS_REPLY = { pending: 0, replied: 1, in_progress: 2 } as const;

/** The board's world: sequential ids from 4,710,000 (the live board passed 4.7 million). */
export function rednetWorld(world: World, count: number, historyDays?: number): ProvinceWorld {
  return new ProvinceWorld(world, { key: 'rednet-hunan', firstId: 4_710_000, maxGap: 0, units: UNITS }, count, historyDays);
}

const time = (ms: number) => isoCn(ms).slice(0, 19).replace('T', ' ');
const json = (value: unknown): Reply => ({ status: 200, kind: 'json', body: JSON.stringify(value) });
const refuse = (msg: string): Reply => json({ status: '0', msg });

function typeName(m: ProvinceMessage): string {
  return TYPE_NAMES[m.id % TYPE_NAMES.length]!;
}

function row(w: ProvinceWorld, m: ProvinceMessage, now: number): Record<string, unknown> {
  const status = provinceStatus(m, now);
  return {
    id: m.id,
    title: w.text(m).title,
    created_at: time(m.postedAt),
    type_name: typeName(m),
    nickname: nickname(m.author),
    city_id: 1 + m.unit,
    area_id: 10 + m.unit,
    is_reply: IS_REPLY[status],
    reply_name: status === 'replied' ? m.answerBy : '',
    reply_time: status === 'replied' ? time(m.replyAt!) : '',
    click_num: 10 + (m.id % 200),
  };
}

function list(w: ProvinceWorld, body: string): Reply {
  let q: { page?: unknown; pageNum?: unknown };
  try {
    q = JSON.parse(body) as typeof q;
  } catch {
    return refuse('参数错误');
  }
  const page = Number(q.page ?? 1);
  const size = Number(q.pageNum ?? 10);
  if (!Number.isInteger(page) || page < 1 || !Number.isInteger(size) || size < 1 || size > 50) return refuse('参数错误');
  const now = w.now();
  const all = w.newestFirst();
  return json({ status: '1', msg: 'success', data: { total: all.length, rows: all.slice((page - 1) * size, page * size).map((m) => row(w, m, now)) } });
}

function detail(w: ProvinceWorld, m: ProvinceMessage): Reply {
  const now = w.now();
  const text = w.text(m);
  const status = provinceStatus(m, now);
  const paragraphs = text.body.split('\n').map((l) => `<p>${esc(l)}</p>`);
  // About half the citizens repeat their number in the message itself.
  if (m.id % 2 === 0) paragraphs.push(`<p>联系电话：${m.phone}</p>`);
  const date = (ms: number) => {
    const f = cnFields(ms);
    return `${f.y}年${f.mo}月${f.d}日`;
  };
  const reply =
    status === 'replied'
      ? [{ content: officialReply(text.answerDetail, m.answerBy, date(m.replyAt!), false).split('\n').map((l) => `<p>${esc(l)}</p>`).join(''), reply_time: time(m.replyAt!), name: m.answerBy }]
      : [];
  return json({ status: '1', msg: 'success', data: { ...row(w, m, now), content: paragraphs.join(''), mobile: m.phone, reply, comment: [] } });
}

const notFound = (): Reply => ({ status: 404, kind: 'json', body: JSON.stringify({ status: '0', msg: 'not found' }) });

/** Answers one request of the API (path after the simulator's prefix). */
export function rednetHandle(w: ProvinceWorld, method: string, path: string, query: URLSearchParams, body: string): Reply {
  if (path === '/front/msg/index') return method === 'POST' ? list(w, body) : refuse('请求方式错误');
  if (path === '/front/msg/detail') {
    const m = w.message(Number(query.get('id')));
    return m ? detail(w, m) : json({ status: '0', msg: '留言不存在' });
  }
  return notFound();
}

/**
 * The board's messages in the truth. Its answers name no addressed unit, so the department is
 * the unit that answered (null until one has), as on 《民生热线》.
 */
export function rednetTruth(w: ProvinceWorld): TruthMessage[] {
  const now = w.now();
  return w.newestFirst().reverse().map((m) => {
    const status = provinceStatus(m, now);
    return {
      source: 'rednet-hunan' as const,
      externalId: String(m.id),
      url: `${REDNET_PUBLIC_ORIGIN}/front/msg/detail?id=${m.id}`,
      title: w.text(m).title,
      postedAt: isoCn(m.postedAt),
      department: status === 'replied' ? m.answerBy : null,
      category: typeName(m),
      status,
      firstReplyAt: status === 'replied' ? isoCn(m.replyAt!) : null,
      replyCount: status === 'replied' ? 1 : 0,
    };
  });
}
