/**
 * The boards a report sentence talks about: 《民生热线》 (bbs.cnhubei.com) and 《荆楚问政》
 * (api.wz.cnhubei.com). Mentions written together (`《荆楚问政》《民生热线》`, `《民生热线》及
 * 《荆楚问政》`) mean both boards: `民生热线+荆楚问政`.
 */

/** 荆楚网《民生热线》, the forum at bbs.cnhubei.com. */
export const MINSHENG = '民生热线';
/** 荆楚网《荆楚问政》, the board behind api.wz.cnhubei.com. */
export const WENZHENG = '荆楚问政';
/** Both boards together, as the contract writes it. */
export const BOTH = `${MINSHENG}+${WENZHENG}`;

const MENTION = /《?\s*(民生热线|荆楚问政)\s*》?/g;
const JOINER = /^[\s、,和与及]*$/;

interface MentionGroup {
  start: number;
  end: number;
  boards: Set<string>;
}

function label(boards: Set<string>): string | null {
  if (boards.has(MINSHENG) && boards.has(WENZHENG)) return BOTH;
  return boards.has(MINSHENG) ? MINSHENG : boards.has(WENZHENG) ? WENZHENG : null;
}

function groupsOf(text: string): MentionGroup[] {
  const groups: MentionGroup[] = [];
  for (const m of text.matchAll(MENTION)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    const last = groups[groups.length - 1];
    if (last && JOINER.test(text.slice(last.end, start))) {
      last.end = end;
      last.boards.add(m[1] ?? '');
    } else groups.push({ start, end, boards: new Set([m[1] ?? '']) });
  }
  return groups;
}

/** The board label of every board a text mentions (`民生热线`, `荆楚问政`, `民生热线+荆楚问政`), or null. */
export function boardsOf(text: string): string | null {
  return label(new Set(groupsOf(text).flatMap((g) => [...g.boards])));
}

/**
 * The board a number at `position` of a sentence belongs to: the nearest mention group before
 * it, else the first one after it; null when the sentence names no board.
 */
export function boardsAt(sentence: string, position: number): string | null {
  const groups = groupsOf(sentence);
  const before = groups.filter((g) => g.start < position).pop();
  const group = before ?? groups[0];
  return group ? label(group.boards) : null;
}
