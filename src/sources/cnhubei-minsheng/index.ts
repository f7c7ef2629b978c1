/**
 * 荆楚网《民生热线》: the Discuz! X forum fid 9 at bbs.cnhubei.com, where registered units
 * (实名入驻单位) answer citizens' complaints under accounts named after the unit.
 */
import { createDiscuzAdapter, DEFAULT_REWRITE, STATUS_WORDS, unitAccountRule, type DiscuzConfig } from '../discuz/index.js';

/**
 * Unit accounts of the board (its 实名入驻单位 list, `special.php?mod=msrx&mc=more`) that also
 * post without the unit group shown: names seen answering in the 2019 reports. A unit's post is
 * known by its group title or by this list, never by how the account name ends.
 */
export const KNOWN_UNITS: readonly string[] = [
  '洪山区',
  '洪山区城管局',
  '武汉市城乡建设局',
  '樊城区政府办',
  '神农架林区住建委',
  '武汉市洪山区城市数字化服务中心',
  '秭归县茅坪镇移民站',
  '十堰经济技术开发区管理委员会',
];

/** The board's configuration, official rule included. */
export const cnhubeiMinshengConfig: DiscuzConfig = {
  id: 'cnhubei-minsheng',
  name: '荆楚网《民生热线》',
  baseUrl: 'http://bbs.cnhubei.com',
  fid: 9,
  boardName: '民生热线',
  slaHours: 24,
  defaultRate: 1,
  region: '420000', // 湖北省
  version: '4',
  isOfficial: unitAccountRule({ units: KNOWN_UNITS }),
  statusWords: STATUS_WORDS,
  followSticky: false,
  urlForm: DEFAULT_REWRITE,
};

/** The `cnhubei-minsheng` adapter. */
export const cnhubeiMinshengAdapter = createDiscuzAdapter(cnhubeiMinshengConfig);
