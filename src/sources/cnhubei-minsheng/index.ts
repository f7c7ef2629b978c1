/**
 * 荆楚网《民生热线》: the Discuz! X forum fid 9 at bbs.cnhubei.com, where registered units
 * (实名入驻单位) answer citizens' complaints under accounts named after the unit.
 */
import { createDiscuzAdapter, DEFAULT_REWRITE, STATUS_WORDS, unitAccountRule, type DiscuzConfig } from '../discuz/index.js';

/**
 * Unit accounts whose names do not end like a unit's (the rest are caught by the group title
 * or the name ending). Seen bare in the 2019 reports; the full list is at
 * `special.php?mod=msrx&mc=more`.
 */
export const KNOWN_UNITS: readonly string[] = ['洪山区'];

/** The board's configuration, official rule included. */
export const cnhubeiMinshengConfig: DiscuzConfig = {
  id: 'cnhubei-minsheng',
  name: '荆楚网《民生热线》',
  baseUrl: 'http://bbs.cnhubei.com',
  fid: 9,
  boardName: '民生热线',
  slaHours: 24,
  version: '3',
  isOfficial: unitAccountRule({ units: KNOWN_UNITS }),
  statusWords: STATUS_WORDS,
  followSticky: false,
  urlForm: DEFAULT_REWRITE,
};

/** The `cnhubei-minsheng` adapter. */
export const cnhubeiMinshengAdapter = createDiscuzAdapter(cnhubeiMinshengConfig);
