/**
 * The ground truth served at GET /__sim/truth (CONTRACT.md section 7): every message of both
 * boards as it stands at the simulated now, plus the published reports with their figures.
 *
 * Deleted threads are DROPPED from `messages` (a crawler can no longer see them) and listed
 * separately in `deleted` with the time they disappeared. Sticky announcements of the forum
 * (posted by the 栏目组 admin account) are not messages: they are listed in `announcements`.
 */
import { isoCn } from './clock.js';
import { publishedIso, sugUrl, threadUrl, type Reports, type SimFigure } from './reports.js';
import { sugText, threadText } from './texts.js';
import { UNITS } from './units.js';
import { officialPosts, sugReplyCount, sugStatus, threadStatus, type TruthStatus, type World } from './world.js';
import { STICKY_THREADS } from './discuz-markup.js';
import { boardOf, liuyanOfficial, liuyanStatus, liuyanText, type LiuyanWorld } from './liuyan-world.js';

/** One message in the truth. */
export interface TruthMessage {
  source: 'cnhubei-minsheng' | 'cnhubei-wenzheng' | 'people-liuyan' | 'sun0769' | 'rednet-hunan';
  externalId: string;
  url: string;
  title: string;
  postedAt: string;
  /** 领导留言板 only: when the board published the message after its review (threadsCheckTime). */
  publishedAt?: string;
  /** 领导留言板 only: the board (fid). */
  board?: number;
  /** The unit the message is addressed to: 民生热线, the `@unit` its first post opens with; 荆楚问政, dept_name. */
  department: string | null;
  category: string;
  status: TruthStatus;
  firstReplyAt: string | null;
  /** Official replies visible now. */
  replyCount: number;
  /** Posts after the first (民生热线 only; what the thread page's 回复 counter shows). */
  posts?: number;
  edited?: boolean;
}

/** The whole truth document. */
export interface Truth {
  now: string;
  start: string;
  messages: TruthMessage[];
  deleted: { source: 'cnhubei-minsheng'; externalId: string; url: string; postedAt: string; deletedAt: string }[];
  announcements: { externalId: string; url: string; title: string }[];
  reports: {
    url: string;
    kind: 'daily' | 'monthly';
    title: string;
    publishedAt: string;
    periodStart: string;
    periodEnd: string;
    figures: SimFigure[];
    items: { url: string; source: string; externalId: string; department: string; headline: string }[];
  }[];
  /** Public URLs the robots.txt switch disallows (empty when it is off). */
  robotsDisallowed: string[];
  overstateFactor: number | null;
}

/** Builds the truth at the world's current time. */
export function buildTruth(world: World, reports: Reports, liuyan: LiuyanWorld, extra: { robotsDisallowed: string[]; overstateFactor: number | null }): Truth {
  const now = world.now;
  const messages: TruthMessage[] = [];
  const deleted: Truth['deleted'] = [];
  for (const t of world.threads) {
    if (t.postedAt > now) break;
    if (world.isDeleted(t)) {
      deleted.push({ source: 'cnhubei-minsheng', externalId: String(t.tid), url: threadUrl(t.tid), postedAt: isoCn(t.postedAt), deletedAt: isoCn(t.deleteAt!) });
      continue;
    }
    const official = officialPosts(t, now);
    const edited = world.isEdited(t);
    messages.push({
      source: 'cnhubei-minsheng',
      externalId: String(t.tid),
      url: threadUrl(t.tid),
      title: threadText(world.seed, t, edited).title,
      postedAt: isoCn(t.postedAt),
      department: UNITS[t.unit]!.name,
      category: t.category,
      status: threadStatus(t, now),
      firstReplyAt: official[0] ? isoCn(official[0].at) : null,
      replyCount: official.length,
      posts: t.posts.filter((p) => p.at <= now).length,
      edited,
    });
  }
  for (const s of world.visibleSugs()) {
    messages.push({
      source: 'cnhubei-wenzheng',
      externalId: String(s.id),
      url: sugUrl(s.id),
      title: sugText(world.seed, s).title,
      postedAt: isoCn(s.createdAt),
      department: UNITS[s.unit]!.name,
      category: s.category,
      status: sugStatus(s, now),
      firstReplyAt: s.replyAt !== null && s.replyAt <= now ? isoCn(s.replyAt) : null,
      replyCount: sugReplyCount(s, now),
    });
  }
  messages.push(...liuyanTruth(world.seed, liuyan));
  return {
    now: isoCn(now),
    start: isoCn(world.start),
    messages,
    deleted,
    announcements: STICKY_THREADS.map((s) => ({ externalId: String(s.tid), url: threadUrl(s.tid), title: s.title })),
    reports: reports.published().map((a) => ({
      url: a.url,
      kind: a.kind,
      title: a.title,
      publishedAt: publishedIso(a),
      periodStart: a.periodStart,
      periodEnd: a.periodEnd,
      figures: a.figures,
      items: a.items.map((i) => ({ url: i.url, source: i.source, externalId: i.externalId, department: i.department, headline: i.headline })),
    })),
    robotsDisallowed: extra.robotsDisallowed,
    overstateFactor: extra.overstateFactor,
  };
}

/**
 * 《领导留言板》 messages the board shows now: published ones only (a message still in review,
 * or never passed, is no message of the public board), with the publication time.
 */
function liuyanTruth(seed: number, liuyan: LiuyanWorld): TruthMessage[] {
  const now = liuyan.now();
  return liuyan.published(null).reverse().map((m) => {
    const official = liuyanOfficial(m, now);
    const first = official[0];
    return {
      source: 'people-liuyan' as const,
      externalId: String(m.tid),
      url: `https://liuyan.people.com.cn/threads/content?tid=${m.tid}`,
      title: liuyanText(seed, m).title,
      postedAt: isoCn(m.postedAt),
      publishedAt: isoCn(m.publishedAt!),
      board: m.fid,
      // Addressed to the board's leader (or place, or ministry): the answering unit is on the replies.
      department: boardOf(m).name,
      category: m.typeName,
      status: liuyanStatus(m, now),
      firstReplyAt: first ? isoCn(first.at) : null,
      replyCount: official.length,
    };
  });
}
