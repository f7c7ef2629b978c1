/**
 * 阳光热线问政平台 (wz.sun0769.com) as the simulator serves it: the newest-first list
 * `/political/index/politicsNewest?id=1&page=N` and message pages
 * `/political/politics/index?id=`, in the markup DOMAIN-boards.md documents (the hand-written
 * fixtures in test/fixtures/sun0769 have the same shape).
 */
import { cnFields, isoCn } from './clock.js';
import { nickname, officialReply } from './content.js';
import { esc } from './discuz-chrome.js';
import { ProvinceWorld, provinceStatus, type ProvinceBoardConfig, type ProvinceMessage } from './province-world.js';
import type { Reply } from './routes.js';
import type { TruthMessage } from './truth.js';
import type { World } from './world.js';

export const SUN_PUBLIC_ORIGIN = 'https://wz.sun0769.com';
/** Rows of one list page. */
export const SUN_PAGE_SIZE = 15;

const UNITS: ProvinceBoardConfig['units'] = [
  { addressed: '轨道交通局', answering: ['轨道交通局', '南城街道办事处'], place: '东莞市南城街道' },
  { addressed: '东城街道', answering: ['东城街道办事处'], place: '东莞市东城街道' },
  { addressed: '住房和城乡建设局', answering: ['住房和城乡建设局', '莞城街道办事处'], place: '东莞市莞城街道' },
  { addressed: '交通运输局', answering: ['交通运输局'], place: '东莞市松山湖' },
  { addressed: '生态环境局', answering: ['生态环境局', '长安镇人民政府'], place: '东莞市长安镇' },
  { addressed: '人力资源和社会保障局', answering: ['人力资源和社会保障局'], place: '东莞市虎门镇' },
];

/** The board's world: detail ids from 460000 with small gaps, as on the live site (2021). */
export function sunWorld(world: World, count: number, historyDays?: number): ProvinceWorld {
  return new ProvinceWorld(world, { key: 'sun0769', firstId: 460_000, maxGap: 3, units: UNITS }, count, historyDays);
}

const WORD = { replied: '已回复', in_progress: '已受理', pending: '待受理' } as const;

function time(ms: number): string {
  return isoCn(ms).slice(0, 19).replace('T', ' ');
}

function page(title: string, body: string): Reply {
  return { status: 200, kind: 'html', body: `<!DOCTYPE html>\n<html lang="zh-CN">\n<head><meta charset="utf-8"><title>${esc(title)}_阳光热线问政平台</title></head>\n<body>\n<div class="public-header">阳光热线问政平台</div>\n${body}\n</body>\n</html>\n` };
}

function listPage(w: ProvinceWorld, n: number): Reply {
  const all = w.newestFirst();
  const now = w.now();
  const pages = Math.max(1, Math.ceil(all.length / SUN_PAGE_SIZE));
  const rows = all.slice((n - 1) * SUN_PAGE_SIZE, n * SUN_PAGE_SIZE).map((m) => {
    const status = provinceStatus(m, now);
    const response = m.acceptAt !== null && m.acceptAt <= now ? `${Math.max(1, Math.round((m.acceptAt - m.postedAt) / 3_600_000))}小时` : '';
    const title = esc(w.text(m).title);
    return `    <li class="clear">
      <span class="state1">${280_000 + (m.id - 460_000)}</span>
      <span class="state2">${WORD[status]}</span>
      <span class="state3"><a href="/political/politics/index?id=${m.id}" class="color-hover" title="${title}">${title}</a></span>
      <span class="state4">${response}</span>
      <span class="state5 ">${time(m.postedAt)}</span>
    </li>`;
  });
  const link = (p: number, cls: string, text = '') => `<a class="${cls}" href="/political/index/politicsNewest?id=1&amp;page=${p}">${text}</a>`;
  const paging = [link(Math.max(1, n - 1), 'arrow-page prov_rota'), link(n, 'active', String(n)), link(Math.min(pages, n + 1), 'arrow-page prov_rota')].join('\n  ');
  return page('最新问政', `<div class="width-12">\n  <ul class="title-state-ul">\n${rows.join('\n')}\n  </ul>\n</div>\n<div class="mr-three paging-box">\n  ${paging}\n</div>`);
}

function detailPage(w: ProvinceWorld, m: ProvinceMessage): Reply {
  const now = w.now();
  const text = w.text(m);
  const status = provinceStatus(m, now);
  const reply =
    status === 'replied'
      ? `  <div class="gf-reply mr-two">
    <p class="reply-head"><span>回复单位：${esc(m.answerBy)}</span><span>回复时间：${time(m.replyAt!)}</span></p>
    <pre>${esc(officialReply(text.answerDetail, m.answerBy, dateOf(m.replyAt!), false))}</pre>
  </div>`
      : '';
  return page(
    text.title,
    `<div class="mr-three">
  <p class="focus-details">${esc(text.title)}</p>
  <div class="focus-date clear focus-date-list">
    <span class="fl details-head">${esc(nickname(m.author))}</span>
    <span class="fl">发布日期${time(m.postedAt)}</span>
    <span class="fl">状态：${WORD[status]}</span>
    <span class="fl">编号：${280_000 + (m.id - 460_000)}</span>
  </div>
  <div class="details-box"><pre>${esc(text.body)}</pre></div>
  <div class="clear"><div class="fl politics-fl">问政部门：${esc(w.unitOf(m).addressed)}</div></div>
</div>
<div class="mr-five">
${reply}
</div>`,
  );
}

function dateOf(ms: number): string {
  const f = cnFields(ms);
  return `${f.y}年${f.mo}月${f.d}日`;
}

const notFound = (): Reply => ({ status: 404, kind: 'html', body: '<html><body><h1>404 Not Found</h1></body></html>' });

/** Answers one request of the board (path after the simulator's prefix). */
export function sunHandle(w: ProvinceWorld, path: string, query: URLSearchParams): Reply {
  if (path === '/political/index/politicsNewest') {
    const n = Number(query.get('page') ?? '1');
    return Number.isInteger(n) && n >= 1 ? listPage(w, n) : notFound();
  }
  if (path === '/political/politics/index') {
    const m = w.message(Number(query.get('id')));
    return m ? detailPage(w, m) : notFound();
  }
  return notFound();
}

/** The board's messages in the truth (CONTRACT section 7): the addressed unit as department. */
export function sunTruth(w: ProvinceWorld): TruthMessage[] {
  const now = w.now();
  return w.newestFirst().reverse().map((m) => {
    const status = provinceStatus(m, now);
    return {
      source: 'sun0769' as const,
      externalId: String(m.id),
      url: `${SUN_PUBLIC_ORIGIN}/political/politics/index?id=${m.id}`,
      title: w.text(m).title,
      postedAt: isoCn(m.postedAt),
      department: w.unitOf(m).addressed,
      category: m.category,
      status,
      firstReplyAt: status === 'replied' ? isoCn(m.replyAt!) : null,
      replyCount: status === 'replied' ? 1 : 0,
    };
  });
}
