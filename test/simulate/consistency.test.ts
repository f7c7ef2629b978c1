import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { THREAD_GONE_MESSAGE, startSimulator, type Simulator, type Truth } from '../../src/simulate/index.js';
import { discuzToIso, get, json, local, ofBoard, page, truth } from './helpers.js';

describe('served pages agree with the ground truth', () => {
  let sim: Simulator;
  let t: Truth;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 42, threads: 400, wenzhengMessages: 150 });
    sim.world.advance(24 * 3);
    t = await truth(sim);
  });
  afterAll(() => sim.close());

  it('lists every undeleted thread once, newest last post first, 20 a page', async () => {
    const ms = ofBoard(t, 'cnhubei-minsheng');
    const $1 = await page(sim, '/bbs/forum-9-1.html');
    const total = Number($1('div.pg label span').first().attr('title')!.match(/共 (\d+) 页/)![1]);
    expect(total).toBe(Math.ceil(ms.length / 20));
    expect($1('tbody[id^=stickthread_]').length).toBe(2);
    const seen: string[] = [];
    const lastTimes: string[] = [];
    for (let p = 1; p <= total; p++) {
      const $ = p === 1 ? $1 : await page(sim, `/bbs/forum-9-${p}.html`);
      const rows = $('tbody[id^=normalthread_]');
      expect(rows.length).toBe(p < total ? 20 : ms.length - 20 * (total - 1));
      rows.each((_, el) => {
        seen.push($(el).attr('id')!.replace('normalthread_', ''));
        const last = $(el).find('td.by').last().find('em');
        lastTimes.push(discuzToIso(last.find('span[title]').attr('title') ?? last.text()));
      });
      if (p < total) expect($('div.pg a.nxt').attr('href')).toBe(`http://bbs.cnhubei.com/forum-9-${p + 1}.html`);
      else expect($('div.pg a.nxt').length).toBe(0);
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual(ms.map((m) => m.externalId).sort());
    expect([...lastTimes].sort().reverse()).toEqual(lastTimes);
  });

  it('shows in list rows the title, type, replies and first post time of the truth', async () => {
    const byId = new Map(ofBoard(t, 'cnhubei-minsheng').map((m) => [m.externalId, m]));
    const $ = await page(sim, '/bbs/forum-9-2.html');
    $('tbody[id^=normalthread_]').each((_, el) => {
      const row = $(el);
      const m = byId.get(row.attr('id')!.replace('normalthread_', ''))!;
      expect(row.find('a.s.xst').text()).toBe(m.title);
      expect(row.find('a.s.xst').attr('href')).toBe(m.url);
      expect(row.find('th em a').text()).toBe(m.category);
      expect(Number(row.find('td.num a').text())).toBe(m.posts);
      const first = row.find('td.by').first().find('em');
      expect(discuzToIso(first.find('span[title]').attr('title') ?? first.text())).toBe(m.postedAt);
    });
  });

  it('shows in thread pages the posts, official replies and status of the truth', async () => {
    const ms = ofBoard(t, 'cnhubei-minsheng');
    const sample = [...ms.filter((m) => m.status === 'replied').slice(-15), ...ms.filter((m) => m.status === 'pending').slice(-10), ...ms.filter((m) => (m.posts ?? 0) >= 10).slice(0, 5)];
    expect(sample.some((m) => (m.posts ?? 0) >= 10)).toBe(true);
    for (const m of sample) {
      const pages = Math.ceil(((m.posts ?? 0) + 1) / 10);
      const posts: { author: string; group: string; time: string; floor: string }[] = [];
      let views = 0;
      for (let p = 1; p <= pages; p++) {
        const $ = await page(sim, `/bbs/thread-${m.externalId}-${p}-1.html`);
        expect($('#thread_subject').text()).toBe(m.title);
        expect(Number($('div.hm.ptn span.xi1').eq(1).text())).toBe(m.posts);
        views = Number($('div.hm.ptn span.xi1').eq(0).text());
        if (pages > 1) expect($('div.pg label span').first().attr('title')).toBe(`共 ${pages} 页`);
        else expect($('div.pg').length).toBe(0);
        $('#postlist > div[id^=post_]').each((_, el) => {
          const pid = $(el).attr('id')!.slice(5);
          expect($(el).find(`table#pid${pid}`).length).toBe(1);
          expect($(el).find(`td.t_f#postmessage_${pid}`).length).toBe(1);
          const em = $(el).find(`em#authorposton${pid}`);
          posts.push({
            author: $(el).find('td.pls .authi a.xw1').text(),
            group: $(el).find('a[href*="ac=usergroup"]').text(),
            time: discuzToIso(em.find('span[title]').attr('title') ?? em.text().replace('发表于 ', '')),
            floor: $(el).find(`a#postnum${pid}`).text().trim(),
          });
        });
      }
      expect(views).toBeGreaterThan(0);
      expect(posts.length).toBe((m.posts ?? 0) + 1);
      expect(posts[0]!.floor).toBe('楼主');
      expect(posts[0]!.time).toBe(m.postedAt);
      if (posts.length > 4) expect(posts[4]!.floor).toBe('5#');
      const official = posts.filter((p) => p.group === '实名入驻单位');
      expect(official.length, m.externalId).toBe(m.replyCount);
      if (official[0]) expect(official[0].author).toBe(m.department);
      expect(official[0]?.time ?? null).toBe(m.firstReplyAt);
      expect(m.status).toBe(official.length ? 'replied' : 'pending');
      expect(posts.filter((p) => p.group !== '实名入驻单位').every((p) => /会员$/.test(p.group))).toBe(true);
    }
  });

  it('answers a deleted thread with the Discuz notice (HTTP 200) and keeps it out of lists and truth', async () => {
    expect(t.deleted.length).toBeGreaterThan(0);
    const d = t.deleted[0]!;
    const r = await get(sim, local(d.url));
    expect(r.status).toBe(200);
    expect(r.text).toContain(THREAD_GONE_MESSAGE);
    expect(r.text).not.toContain('id="postlist"');
    expect(t.messages.some((m) => m.source === 'cnhubei-minsheng' && m.externalId === d.externalId)).toBe(false);
  });

  it('marks edited threads with the Discuz edit note', async () => {
    const e = ofBoard(t, 'cnhubei-minsheng').find((m) => m.edited)!;
    expect(e).toBeDefined();
    const $ = await page(sim, local(e.url));
    expect($('#postlist > div[id^=post_]').first().find('td.t_f i.pstatus').text()).toMatch(/本帖最后由 .+ 于 .+ 编辑/);
  });

  it('lists 荆楚问政 messages in allsuglist 1 (answered) and 3 (not yet) as the truth has them', async () => {
    const wz = ofBoard(t, 'cnhubei-wenzheng');
    const collect = async (type: number): Promise<Set<string>> => {
      const ids = new Set<string>();
      for (let p = 1; ; p++) {
        const r = await json(sim, `/wz/api/allsuglist?list_type=${type}&page=${p}&pagesize=20&type=pc`);
        expect(r.state).toBe(true);
        for (const it of r.data.common.app) ids.add(String(it.id));
        if (p >= r.data.common.total) break;
      }
      return ids;
    };
    const answered = await collect(1);
    const open = await collect(3);
    expect([...answered].sort()).toEqual(wz.filter((m) => m.status === 'replied').map((m) => m.externalId).sort());
    expect([...open].sort()).toEqual(wz.filter((m) => m.status !== 'replied').map((m) => m.externalId).sort());
  });

  it('serves sugdetail in DOMAIN.md shape, consistent with the truth', async () => {
    const wz = ofBoard(t, 'cnhubei-wenzheng');
    const kinds = new Set<string>();
    for (const m of wz) {
      const r = await json(sim, `/wz/api/sugdetail?suid=${m.externalId}&type=pc`);
      const sug = r.data.common.app.sug;
      expect(sug.title).toBe(m.title);
      expect(sug.dept_name).toBe(m.department);
      expect(sug.created_at.replace(' ', 'T') + '+08:00').toBe(m.postedAt);
      expect(sug.reply.length > 0).toBe(m.status === 'replied');
      if (m.firstReplyAt) expect(sug.reply[0].created_at.replace(' ', 'T') + '+08:00').toBe(m.firstReplyAt);
      const zwen = r.data.common.app.zwen;
      const zs = zwen == null ? [] : Array.isArray(zwen) ? zwen : [zwen];
      expect(sug.reply.length + zs.reduce((n: number, z: any) => n + z.reply.length, 0)).toBe(m.replyCount);
      const statusOf: Record<string, string> = { 待回复: 'pending', 办理中: 'in_progress' };
      if (m.status === 'closed') expect(sug.status_str).toBe('已办结');
      else if (m.status !== 'replied') expect(statusOf[sug.status_str]).toBe(m.status);
      kinds.add(`id:${typeof sug.id}`).add(`cstatus:${typeof sug.cstatus}`).add(`zwen:${zwen === undefined ? 'absent' : zwen === null ? 'null' : Array.isArray(zwen) ? 'list' : 'object'}`);
    }
    for (const k of ['id:number', 'id:string', 'id:undefined', 'cstatus:number', 'cstatus:string', 'zwen:absent', 'zwen:null', 'zwen:list', 'zwen:object']) expect(kinds).toContain(k);
    expect(['pending', 'in_progress', 'replied', 'closed'].every((s) => wz.some((m) => m.status === s))).toBe(true);
    const missing = await json(sim, '/wz/api/sugdetail?suid=99999&type=pc');
    expect(missing.state).toBe(false);
  });

  it('publishes reports whose pages, lists and figures agree with the truth', async () => {
    expect(t.reports.some((r) => r.kind === 'daily')).toBe(true);
    expect(t.reports.some((r) => r.kind === 'monthly')).toBe(true);
    const ids = new Set(t.messages.map((m) => m.url));
    for (const r of t.reports.slice(0, 8)) {
      const res = await get(sim, local(r.url));
      expect(res.status).toBe(200);
      expect(res.text).toContain('id="lmy_information01"');
      expect(res.text).toContain('class="article_w"');
      expect(res.text).toContain(r.kind === 'daily' ? '每日回复' : '问政报告');
      for (const f of r.figures) {
        expect(res.text).toContain(f.text);
        expect(f.text).toContain(String(f.value));
        expect(f.value).toBe(f.actual);
      }
      for (const item of r.items) {
        expect(res.text).toContain(item.url);
        expect(ids.has(item.url) || t.deleted.some((d) => d.url === item.url)).toBe(true);
      }
    }
    const monthly = t.reports.find((r) => r.kind === 'monthly')!;
    const month = monthly.periodStart.slice(0, 7);
    const received = t.messages.filter((m) => m.postedAt.startsWith(month)).length + t.deleted.filter((d) => d.postedAt.startsWith(month)).length;
    const both = monthly.figures.find((f) => f.metric === 'received' && f.board === '民生热线+荆楚问政')!;
    expect(both.value).toBeLessThanOrEqual(received);
    expect(both.value).toBeGreaterThan(0);
    const ponews = await json(sim, '/wz/api/ponews?news_typeid=1110&pagesize=100&type=pc');
    expect(ponews.data.common.app.map((a: any) => a.url).sort()).toEqual(t.reports.filter((r) => r.kind === 'daily').map((r) => r.url).sort());
    const $ = await page(sim, '/news/wzbg/index.html');
    expect($('ul.list_ul a').map((_, a) => $(a).attr('href')).get().sort()).toEqual(t.reports.filter((r) => r.kind === 'monthly').map((r) => r.url).sort());
  });

  it('overstates reply figures by the known factor when asked', async () => {
    const o = await startSimulator({ seed: 42, threads: 400, wenzhengMessages: 150, overstate: true });
    try {
      o.world.advance(24 * 3);
      const ot = await truth(o);
      expect(ot.overstateFactor).toBe(1.25);
      const replied = ot.reports.flatMap((r) => r.figures).filter((f) => f.metric === 'replied' && f.actual >= 4);
      expect(replied.length).toBeGreaterThan(0);
      for (const f of replied) expect(f.value).toBe(Math.round(f.actual * 1.25));
      const same = t.reports.flatMap((r) => r.figures).filter((f) => f.metric === 'replied');
      expect(replied.map((f) => f.actual).sort()).toEqual(same.filter((f) => f.actual >= 4).map((f) => f.actual).sort());
    } finally {
      await o.close();
    }
  });
});
