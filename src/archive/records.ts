import { createHash } from 'node:crypto';
/**
 * Writing what an adapter extracted: upserts keyed by (source, external id) that say whether
 * each record is new, changed or unchanged; observations of status and reply-count changes;
 * report figures and items. Written once as steps (write-steps.ts): applyExtractionIn runs
 * them through kysely inside the caller's transaction, the SQLite fast path (page-store.ts)
 * through prepared statements.
 */
import type { Extraction, Message, Reply, Report } from '../model/extraction.js';
import { hashAuthor } from './authors.js';
import type { Db } from './db.js';
import { departmentIdSteps } from './departments.js';
import { kyselyWriteOps } from './write-ops-kysely.js';
import { call, runAsync, type MessageSighting, type MessageValues, type ReplyValues, type Steps } from './write-steps.js';

export interface ApplyContext {
  runId: number | null;
  captureId: number | null;
  /** When the page was fetched (ISO). */
  now: string;
  extractorVersion: string;
  salt: string;
  /**
   * Whether a sighting of an unchanged record is recorded (last_seen_at, views, capture).
   * True for crawls; false for re-extraction, which must leave unchanged rows untouched.
   */
  touchUnchanged?: boolean;
}

export interface Tally {
  new: number;
  changed: number;
  unchanged: number;
}

export interface ApplyResult {
  messages: Tally;
  replies: Tally;
  reports: Tally;
  /** Replies whose message is not in the archive (page read before its first page). */
  orphanReplies: number;
}

const tally = (): Tally => ({ new: 0, changed: 0, unchanged: 0 });

/** Stores one extraction in one transaction. List pages store nothing (they only route). */
export async function applyExtraction(db: Db, x: Extraction, ctx: ApplyContext): Promise<ApplyResult> {
  return db.transaction().execute((trx) => applyExtractionIn(trx, x, ctx));
}

/** applyExtraction for a caller that already holds a transaction. */
export async function applyExtractionIn(db: Db, x: Extraction, ctx: ApplyContext): Promise<ApplyResult> {
  return runAsync(applyExtractionSteps(x, ctx), kyselyWriteOps(db));
}

/** The steps of storing one extraction (run inside a transaction). */
export function* applyExtractionSteps(x: Extraction, ctx: ApplyContext): Steps<ApplyResult> {
  const result: ApplyResult = { messages: tally(), replies: tally(), reports: tally(), orphanReplies: 0 };
  if (x.kind === 'list') {
    yield* recordListRows(x);
    return result;
  }
  for (const externalId of x.gone ?? []) {
    if ((yield* call('markGone', x.source, externalId, ctx.now)) > 0) result.messages.changed++;
  }
  const touched = new Map<number, { fromPage: Message | null; changed: boolean; isNew: boolean }>();
  const messageIds = new Map<string, number | null>();
  // Department names are read in the message's region where the page gives one, else the
  // board's, as its source row states it (one notion of a board's region: SourceAdapter.region).
  const boardRegion = yield* call('sourceRegion', x.source);
  const regions = new Map(x.messages.map((m) => [m.externalId, m.region ?? boardRegion]));
  const regionOf = (externalId: string) => regions.get(externalId) ?? boardRegion;
  for (const m of x.messages) {
    const { id, outcome } = yield* upsertMessage(x.source, m, ctx);
    result.messages[outcome]++;
    touched.set(id, { fromPage: m, changed: outcome !== 'unchanged', isNew: outcome === 'new' });
    messageIds.set(m.externalId, id);
  }
  for (const r of x.replies) {
    // The replies of a page almost always belong to one message: look it up once.
    let messageId = messageIds.get(r.messageExternalId);
    if (messageId === undefined) {
      messageId = yield* call('messageIdOf', x.source, r.messageExternalId);
      messageIds.set(r.messageExternalId, messageId);
    }
    if (messageId == null) {
      result.orphanReplies++;
      continue;
    }
    // A message inserted just now has no replies stored yet: no need to look for them.
    const outcome = yield* upsertReply(messageId, r, ctx, touched.get(messageId)?.isNew ?? false, regionOf(r.messageExternalId));
    result.replies[outcome]++;
    const t = touched.get(messageId) ?? { fromPage: null, changed: false, isNew: false };
    if (outcome !== 'unchanged') t.changed = true;
    touched.set(messageId, t);
  }
  for (const [messageId, t] of touched) {
    const derivedChanged = yield* refreshDerived(messageId, t.fromPage, ctx, t.isNew, t.fromPage ? regionOf(t.fromPage.externalId) : boardRegion);
    if (derivedChanged && !t.changed && t.fromPage) {
      // A reply on a later page changed what the first page's message means.
      result.messages.unchanged--;
      result.messages.changed++;
    }
  }
  for (const rep of x.reports) {
    result.reports[yield* upsertReport(x.source, rep, ctx, boardRegion)]++;
  }
  return result;
}

/** What a list row shows of a message that can change: the signature compared next run. */
export function listSignature(row: Message): string {
  return JSON.stringify([row.replyCount ?? null, row.lastPostAt ?? null, row.title ?? null, row.statusRaw ?? null]);
}

/**
 * List pages store no messages, but remember how each known message's row looked, so the
 * next run fetches only rows that moved. A row whose thread then fails to load is not lost:
 * its frontier entry stays failed or pending and the next run tries it again.
 */
function* recordListRows(x: Extraction): Steps<void> {
  for (const row of x.messages) yield* call('setListSignature', x.source, row.externalId, listSignature(row));
}

/** Fields of a message that count as content: a difference in any of them is a change. */
const MESSAGE_CONTENT = [
  'url',
  'title',
  'body',
  'authorHash',
  'board',
  'category',
  'statusRaw',
  'postedAt',
  'publishedAt',
  'boardReplyCount',
  'satisfaction',
  'pageCount',
] as const;

function* upsertMessage(sourceId: string, m: Message, ctx: ApplyContext): Steps<{ id: number; outcome: keyof Tally }> {
  const existing = yield* call('messageByKey', sourceId, m.externalId);
  const values: MessageValues = {
    url: m.url,
    title: m.title,
    body: m.body,
    authorHash: hashAuthor(ctx.salt, m.author),
    board: m.board,
    category: m.category,
    statusRaw: m.statusRaw,
    postedAt: m.postedAt,
    publishedAt: m.publishedAt ?? null,
    boardReplyCount: m.replyCount,
    satisfaction: m.satisfaction ?? null,
    pageCount: m.pageCount ?? null,
    views: m.views,
    lastPostAt: m.lastPostAt ?? existing?.lastPostAt ?? null,
    lastSeenAt: ctx.now,
    captureId: ctx.captureId,
    extractorVersion: ctx.extractorVersion,
  };
  if (!existing) {
    const id = yield* call('insertMessage', {
      ...values,
      sourceId,
      externalId: m.externalId,
      status: m.status,
      firstSeenAt: ctx.now,
      lastChangedAt: ctx.now,
    });
    yield* call('linkReportItems', id, m.url);
    return { id, outcome: 'new' };
  }
  const changed = MESSAGE_CONTENT.some((k) => (existing[k] ?? null) !== (values[k] ?? null));
  if (!changed && ctx.touchUnchanged === false) return { id: existing.id, outcome: 'unchanged' };
  // Seen on the board, so it is (back) there: either write clears gone_at. An unchanged
  // message gets its sighting only, not its content rewritten with the same values.
  if (changed) yield* call('updateMessage', existing.id, values, ctx.now);
  else yield* call('touchMessage', existing.id, sightingOf(values));
  return { id: existing.id, outcome: changed ? 'changed' : 'unchanged' };
}

/** The sighting columns of a message's values (what touchMessage writes). */
function sightingOf(v: MessageValues): MessageSighting {
  return { views: v.views, lastPostAt: v.lastPostAt, lastSeenAt: v.lastSeenAt, captureId: v.captureId, extractorVersion: v.extractorVersion };
}

function replyKey(r: Reply): string {
  if (r.externalId) return r.externalId;
  if (r.floor != null) return `floor-${r.floor}`;
  return `at-${r.repliedAt ?? 'unknown'}`;
}

const REPLY_CONTENT = ['departmentId', 'authorHash', 'body', 'repliedAt', 'official', 'floor'] as const;

function* upsertReply(messageId: number, r: Reply, ctx: ApplyContext, messageIsNew: boolean, region: string | null): Steps<keyof Tally> {
  const externalId = replyKey(r);
  const values: ReplyValues = {
    departmentId: r.official ? yield* departmentIdSteps(r.department ?? r.author, region) : null,
    authorHash: hashAuthor(ctx.salt, r.author),
    body: r.body,
    repliedAt: r.repliedAt,
    official: r.official ? 1 : 0,
    floor: r.floor,
    captureId: ctx.captureId,
    extractorVersion: ctx.extractorVersion,
  };
  const existing = messageIsNew ? undefined : yield* call('replyByKey', messageId, externalId);
  if (!existing) {
    // A page that repeats a reply key stores it once (the first).
    yield* call('insertReply', { ...values, messageId, externalId, firstSeenAt: ctx.now });
    return 'new';
  }
  const changed = REPLY_CONTENT.some((k) => (existing[k] ?? null) !== (values[k] ?? null));
  if (!changed && ctx.touchUnchanged === false) return 'unchanged';
  if (changed) yield* call('updateReply', existing.id, values);
  else yield* call('touchReply', existing.id, { captureId: values.captureId, extractorVersion: values.extractorVersion });
  return changed ? 'changed' : 'unchanged';
}

/**
 * Recomputes what follows from a message's replies: official reply count, first reply time,
 * status (an official reply means `replied`, whatever the page's word) and department with
 * its source: `addressed` when the message's page names the unit it is addressed to (a page of
 * replies only keeps the addressed unit stored before), else `answered` (the first official
 * replier's), else `none`. Records an observation when status or reply count moved. Returns
 * whether anything derived changed.
 */
function* refreshDerived(messageId: number, page: Message | null, ctx: ApplyContext, isNew: boolean, region: string | null): Steps<boolean> {
  const msg = yield* call('derivedOf', messageId);
  const official = yield* call('officialReplies', messageId);
  const replyCount = official.length;
  const firstReplyAt = official.find((r) => r.repliedAt)?.repliedAt ?? null;
  const pageStatus = page ? page.status : msg.status;
  const status = replyCount > 0 ? 'replied' : pageStatus === 'replied' ? msg.status : pageStatus;
  const addressed = page
    ? yield* departmentIdSteps(page.department, region)
    : msg.departmentSource === 'addressed'
      ? msg.departmentId
      : null;
  const answered = official.find((r) => r.departmentId)?.departmentId ?? null;
  const departmentId = addressed ?? answered;
  const departmentSource = addressed !== null ? 'addressed' : answered !== null ? 'answered' : 'none';
  const changed =
    replyCount !== msg.replyCount ||
    firstReplyAt !== msg.firstReplyAt ||
    status !== msg.status ||
    departmentId !== msg.departmentId ||
    departmentSource !== msg.departmentSource;
  if (changed) yield* call('setDerived', messageId, { replyCount, firstReplyAt, status, departmentId, departmentSource }, ctx.now);
  const last = isNew ? undefined : yield* call('lastObservation', messageId);
  if (!last || last.status !== status || last.replyCount !== replyCount) {
    yield* call('addObservation', { messageId, observedAt: ctx.now, status, replyCount, runId: ctx.runId });
  }
  return changed;
}

function* upsertReport(sourceId: string, rep: Report, ctx: ApplyContext, region: string | null): Steps<keyof Tally> {
  const contentHash = createHash('sha256')
    .update(JSON.stringify([rep.title, rep.kind, rep.publishedAt, rep.periodStart, rep.periodEnd, rep.figures, rep.items]))
    .digest('hex');
  const values = {
    url: rep.url,
    title: rep.title,
    kind: rep.kind,
    publishedAt: rep.publishedAt,
    periodStart: rep.periodStart,
    periodEnd: rep.periodEnd,
    captureId: ctx.captureId,
    extractorVersion: ctx.extractorVersion,
    contentHash,
  };
  const existing = yield* call('reportByKey', sourceId, rep.externalId);
  let reportId: number;
  let outcome: keyof Tally;
  if (!existing) {
    reportId = yield* call('insertReport', sourceId, rep.externalId, values);
    outcome = 'new';
  } else {
    reportId = existing.id;
    outcome = existing.contentHash === contentHash ? 'unchanged' : 'changed';
    if (outcome === 'unchanged' && ctx.touchUnchanged === false) return outcome;
    yield* call('updateReport', reportId, values);
    if (outcome === 'unchanged') return outcome;
    yield* call('clearReportRows', reportId);
  }
  for (const f of rep.figures) {
    yield* call('addReportFigure', {
      reportId,
      metric: f.metric,
      value: f.value,
      unit: f.unit,
      qualifier: f.qualifier,
      board: f.board,
      region: f.region,
      category: f.category,
      asOf: f.asOf,
      ofMetric: f.of ?? null,
      text: f.text,
    });
  }
  for (const [position, it] of rep.items.entries()) {
    const messageId = it.url ? yield* call('messageIdByUrl', it.url) : null;
    yield* call('addReportItem', {
      reportId,
      position,
      url: it.url,
      messageId,
      departmentId: yield* departmentIdSteps(it.department, region),
      postedOn: it.postedOn,
      headline: it.headline,
      board: it.board,
      message: it.message,
      reply: it.reply,
    });
  }
  return outcome;
}
