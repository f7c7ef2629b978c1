/**
 * Issue #15 item 7: the masking of published text catches the forms people write (letters
 * before a number, 4-3-4 and dotted groupings, WeChat numbers, grouped ID numbers, full-width
 * digits, landlines without area code) and never masks a department's name; and a citizen whose
 * user name ends in 镇, 部 or 站 is not an official: official replies are decided by the group
 * title and the board's unit list. Expected values written by hand.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { maskPersonalNumbers } from '../../src/publish/mask.js';
import { cnhubeiMinshengAdapter } from '../../src/sources/cnhubei-minsheng/index.js';
import { discuzAdapter } from '../../src/sources/discuz/index.js';

describe('masking personal numbers (#15 item 7)', () => {
  it.each([
    ['联系TEL13812345678谢谢', '联系TEL138****5678谢谢'],
    ['手机1381-234-5678', '手机138*-***-5678'],
    ['手机138.1234.5678', '手机138.****.5678'],
    ['电话 138 1234 5678', '电话 138 **** 5678'],
    ['加我wx13812345678', '加我wx138****5678'],
    ['微信：87654321', '微信：87****21'],
    ['vx 2468013579', 'vx 24******79'],
    ['身份证420106 19900101 1234', '身份证420*** ******** 1234'],
    ['身份证 4201-0619-9001-0112-34', '身份证 420*-****-****-**12-34'],
    ['电话１３８１２３４５６７８', '电话１３８****５６７８'],
    ['身份证４２０１０６１９９００１０１１２３Ｘ', '身份证４２０***********１２３Ｘ'],
    ['座机87654321', '座机****4321'],
    ['请拨打 8765-4321 找物业', '请拨打 ****-4321 找物业'],
    ['联系电话：2765432', '联系电话：***5432'],
  ])('%s -> %s', (text, masked) => {
    expect(maskPersonalNumbers(text)).toBe(masked);
  });

  it('never masks department names or service numbers in them, nor ordinary figures', () => {
    for (const s of [
      '武汉市12345市民服务热线',
      '110报警服务台',
      '湖北省96166客服中心',
      '已转武汉市城市管理执法委员会（12319）处理',
      '金额1234567元',
      '订单2020082410050012345678',
      '2019年5月10日',
      '帖子4657001',
      '共计12345678人次',
    ]) {
      expect(maskPersonalNumbers(s)).toBe(s);
    }
  });
});

const FIX = path.resolve(import.meta.dirname, '../fixtures/cnhubei-minsheng');
const BASE = 'http://bbs.cnhubei.com';

describe('official replies by group and unit list, not a name ending (#15 item 7)', () => {
  it('a citizen registered as 张家湾镇 (group 注册会员) does not answer a thread', () => {
    // The fixture thread has no official reply; its 4th floor is 围观群众, a 注册会员.
    const html = readFileSync(path.join(FIX, 'thread-4657002-1-1.html'), 'utf8').replaceAll('围观群众', '张家湾镇');
    for (const adapter of [cnhubeiMinshengAdapter, discuzAdapter]) {
      const out = adapter.parse({ url: `${BASE}/thread-4657002-1-1.html`, body: html });
      const post = out.replies.find((r) => r.author === '张家湾镇');
      expect(post?.official, adapter.id).toBe(false);
      expect(out.messages[0]!.status, adapter.id).toBe('pending');
      expect(out.messages[0]!.department, adapter.id).toBeNull();
    }
  });

  it('the unit group still marks an official reply whatever the name', () => {
    const out = cnhubeiMinshengAdapter.parse({
      url: `${BASE}/thread-4657001-1-1.html`,
      body: readFileSync(path.join(FIX, 'thread-4657001-1-1.html'), 'utf8'),
    });
    expect(out.replies.filter((r) => r.official).length).toBeGreaterThan(0);
    expect(out.messages[0]!.status).toBe('replied');
  });
});
