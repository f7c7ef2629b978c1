/**
 * What distinguishes one Discuz! X board from another: where it lives, which forum, and how
 * to tell a government unit's post from a citizen's (DOMAIN.md, 《民生热线》 section).
 */
import type { MessageStatus } from '../../model/extraction.js';
import type { RewriteRule, UrlForm } from './urls.js';

/** The author of a post as the side column shows it (names already normalised). */
export interface PostAuthor {
  /** Account name; null for guests, anonymous and deleted authors. */
  name: string | null;
  /** Title of the user group (the `home.php?mod=spacecp&ac=usergroup&gid=N` link), if shown. */
  group: string | null;
}

/** Decides whether a post is an official (government unit) answer. */
export type OfficialRule = (author: PostAuthor) => boolean;

export interface DiscuzConfig {
  /** Adapter id (CONTRACT.md section 2). */
  id: string;
  /** Human name of the board. */
  name: string;
  /**
   * Public base URL of the board (`http://bbs.cnhubei.com`). Null for the generic adapter:
   * canonical URLs are then built on the page's own site.
   */
  baseUrl: string | null;
  /** The forum (fid) that is the board; null when any forum is accepted. */
  fid: number | null;
  /** Board name stored on messages; null to read it from the page (breadcrumb). */
  boardName: string | null;
  /** Hours within which a message is expected to get an official answer. */
  slaHours: number;
  /** Requests per second per host unless the user says otherwise. */
  defaultRate: number;
  /** GB/T 2260 code of the board's province (`420000`), or null when not known (the generic adapter). */
  region: string | null;
  /** Extractor version; bump whenever the output for the same page changes. */
  version: string;
  /** The official-post rule. */
  isOfficial: OfficialRule;
  /** Status words a thread type may show (已回复, 办理中, ...), mapped to statuses. */
  statusWords: Readonly<Record<string, MessageStatus>>;
  /**
   * Whether sticky threads (`stickthread_` rows) are followed. On 问政 boards they are the
   * editors' announcements and rules, not citizens' messages; the list still shows them.
   */
  followSticky?: boolean;
  /** Posts per thread page (Discuz's `ppp`, 10 unless the board changed it). */
  postsPerPage?: number;
  /**
   * The form the board writes its URLs in, when known (《民生热线》: the default rewrite rule):
   * every URL is then made canonical in it. Unset (the generic adapter), each page keeps the
   * form it was given in and messages the form the board's own links use.
   */
  urlForm?: UrlForm;
  /** Rewrite rules of the board besides the known ones (KNOWN_REWRITES). */
  rewriteRules?: readonly RewriteRule[];
}

/** User-group titles that name a unit or institution (实名入驻单位, 认证机构, 政府部门 ...). */
export const UNIT_GROUP = /单位|机构|入驻|政府|部门|政务/;

/**
 * Endings of unit account names: 武汉市城乡建设局, 樊城区政府办, 神农架林区住建委,
 * 武汉市洪山区城市数字化服务中心, 秭归县茅坪镇移民站, 十堰经济技术开发区管理委员会 ...
 */
export const UNIT_NAME_ENDING =
  /(局|办|委|委员会|管委会|政府|中心|街道|街道办事处|镇|乡|院|所|队|处|部|厅|站|办公室|公司|社区居委会)$/;

/** Status words seen on 问政 boards. Unknown thread types are categories, not statuses. */
export const STATUS_WORDS: Readonly<Record<string, MessageStatus>> = {
  已回复: 'replied',
  已答复: 'replied',
  已办结: 'replied',
  办理中: 'in_progress',
  处理中: 'in_progress',
  已受理: 'in_progress',
  待回复: 'pending',
  未回复: 'pending',
  已关闭: 'closed',
};

/**
 * Endings only a government body's full name has (城关镇人民政府, 县住建局, 市政府办公室): the
 * rule falls back on them only where a template shows no user group at all (the touch
 * template), never for 镇, 部, 站 that any citizen's name may end with.
 */
export const GOVERNMENT_NAME_ENDING = /(人民政府|政府办公室|委员会|管理局|局|厅)$/;

/**
 * The official rule: a post is official when the author's user group names a unit or
 * institution, or the author is in the board's unit list. A name that merely ends like a
 * unit's (镇, 部, 站 ...) is not enough when the group is shown: any citizen can register
 * 某某镇 or 老王服务站. Where the page shows no group at all, only a government body's full
 * name ending (GOVERNMENT_NAME_ENDING) counts. A board may pass its own `nameEnding`.
 */
export function unitAccountRule(
  options: { units?: Iterable<string>; groupPattern?: RegExp; nameEnding?: RegExp } = {},
): OfficialRule {
  const units = new Set(options.units ?? []);
  const groupPattern = options.groupPattern ?? UNIT_GROUP;
  const nameEnding = options.nameEnding;
  return ({ name, group }) => {
    if (group && groupPattern.test(group)) return true;
    if (!name) return false;
    if (units.has(name)) return true;
    if (nameEnding) return nameEnding.test(name);
    return group === null && GOVERNMENT_NAME_ENDING.test(name);
  };
}
