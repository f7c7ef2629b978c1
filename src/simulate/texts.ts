/**
 * The words of a simulated message, regenerated from the seed whenever a page needs them
 * (nothing textual is stored per thread).
 */
import { cnDate } from './clock.js';
import { EDIT_SUFFIX, crowdPost, followUp, messageText, nickname, officialReply, wzNickname, type MessageText } from './content.js';
import { rngFor } from './rng.js';
import { UNITS } from './units.js';
import type { PostSlot, Sug, Thread } from './world.js';

/**
 * Title, body and answer text of a thread, as of whether it has been edited. The body opens
 * with `@<unit>`, the unit the citizen addresses (and that answers).
 */
export function threadText(seed: number, t: Thread, edited: boolean): MessageText {
  const text = messageText(rngFor(seed, 'ms-text', t.tid), t.category, UNITS[t.unit]!.place);
  const m = { ...text, body: `@${UNITS[t.unit]!.name} ${text.body}` };
  return edited ? { ...m, title: `${m.title}（再次反映）`, body: `${m.body}\n${EDIT_SUFFIX}` } : m;
}

/** The text of a later post in a thread. */
export function postText(seed: number, t: Thread, index: number, p: PostSlot): string {
  const r = rngFor(seed, 'ms-post', t.tid, index);
  if (p.kind === 'op') return followUp(r);
  if (p.kind === 'crowd') return crowdPost(r);
  const m = threadText(seed, t, false);
  const second = t.posts.findIndex((q) => q.kind === 'official') !== index;
  return officialReply(second ? '经再次核查，相关问题已整改到位，我们将持续跟踪' : m.answerDetail, UNITS[p.who]!.name, cnDate(p.at), second);
}

/** Author name of a later post. */
export function postAuthor(p: PostSlot): string {
  return p.kind === 'official' ? UNITS[p.who]!.name : nickname(p.who);
}

/** Text of a 荆楚问政 message and its answers. */
export interface SugText extends MessageText {
  nickname: string;
  reply: string;
  zwen: string;
  zwenReply: string;
}

/** Regenerates the text of a 荆楚问政 message. */
export function sugText(seed: number, s: Sug): SugText {
  const m = messageText(rngFor(seed, 'wz-text', s.id), s.category, UNITS[s.unit]!.place);
  const r = rngFor(seed, 'wz-extra', s.id);
  const unit = UNITS[s.unit]!.name;
  return {
    ...m,
    nickname: wzNickname(r),
    reply: officialReply(m.answerDetail, unit, cnDate(s.replyAt ?? s.createdAt), false),
    zwen: followUp(r),
    zwenReply: officialReply('经再次核查，相关问题已整改到位，我们将持续跟踪', unit, cnDate(s.zwenReplyAt ?? s.createdAt), true),
  };
}
