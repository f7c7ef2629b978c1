/**
 * The unit a Discuz thread is addressed to, where the board shows it: a thread type named after
 * a unit (boards that file threads by unit), else an `@unit` in the title or the first post
 * (`@武汉市洪山区城管局 小区门口...`), else a first post that opens by addressing a unit the way
 * a letter does (`武汉市城乡建设局：`, `尊敬的洪山区城管局:`). Null when the page names none;
 * the answering unit is then known only from the official replies.
 */
import { UNIT_NAME_ENDING, type DiscuzConfig } from './config.js';

/** Whether a name is a unit's: the board's unit list or the name ending (DiscuzConfig.isOfficial by name). */
export type IsUnit = (name: string) => boolean;

const byEnding: IsUnit = (name) => UNIT_NAME_ENDING.test(name);

/**
 * Whether a name the citizen addresses is a unit's on this board: its unit list or official
 * rule, else a unit's name ending (郧西县夹河镇政府办). Looser than the official-post rule on
 * purpose: that one guards against citizens' accounts named like units, while a name a message
 * is addressed to (@unit, a salutation, a thread type) is chosen by the writer as a unit's.
 */
export function addresseeRule(config: DiscuzConfig): IsUnit {
  return (name) => config.isOfficial({ name, group: null }) || byEnding(name);
}

const MENTION = /[@＠]\s*([\u4e00-\u9fa5A-Za-z0-9（）()·]{2,40})/g;

/** The longest start of `text` that is a unit's name (武汉市洪山区城管局 办理 -> 武汉市洪山区城管局). */
function unitPrefix(text: string, isUnit: IsUnit): string | null {
  for (let end = text.length; end >= 2; end--) {
    const head = text.slice(0, end);
    if (isUnit(head)) return head;
  }
  return null;
}

/** Words that start the sentence after an unspaced `@unit` (`@武汉市城乡建设局请尽快处理`). */
const SENTENCE_START = /请|您|你|能否|为什么|为何|何时|怎么|的/;

/** The first `@unit` of a text, or null. */
export function mentionedUnit(text: string | null | undefined, isUnit: IsUnit = byEnding): string | null {
  if (!text) return null;
  for (const m of text.matchAll(MENTION)) {
    const unit = unitPrefix((m[1] ?? '').split(SENTENCE_START)[0]!, isUnit);
    if (unit) return unit;
  }
  return null;
}

const SALUTATION = /^\s*(?:尊敬的)?([\u4e00-\u9fa5（）()]{2,40})\s*[：:]/;

/** The unit a text opens by addressing (`武汉市城乡建设局：...`), or null. */
export function salutedUnit(text: string | null | undefined, isUnit: IsUnit = byEnding): string | null {
  const m = text ? SALUTATION.exec(text) : null;
  return m?.[1] && isUnit(m[1]) ? m[1] : null;
}

/** The addressed unit of a thread from its type name, title and first post body. */
export function addressedUnit(typeName: string | null, title: string | null, body: string | null, isUnit: IsUnit = byEnding): string | null {
  if (typeName && isUnit(typeName)) return typeName;
  return mentionedUnit(title, isUnit) ?? mentionedUnit(body, isUnit) ?? salutedUnit(body, isUnit);
}
