import { createHash } from 'node:crypto';
/**
 * Writing what an adapter extracted: upserts keyed by (source, external id) that say whether
 * each record is new, changed or unchanged; observations of status and reply-count changes;
 * report figures and items. Call inside a transaction (applyExtraction does).
 */
import type { Extraction, Message, Reply, Report } from '../model/extraction.js';
import { hashAuthor } from './authors.js';
import type { Db } from './db.js';
import { departmentIdFor } from './departments.js';
import { sourceRegion } from './sources.js';

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
  const result: ApplyResult = { messages: tally(), replies: tally(), reports: tally(), orphanReplies: 0 };
  if (x.kind === 'list') {
    await recordListRows(db, x);
    return result;
  }
  for (const externalId of x.gone ?? []) {
    const res = await db
      .updateTable('message')
      .set({ goneAt: ctx.now, lastChangedAt: ctx.now })
      .where('sourceId', '=', x.source)
      .where('externalId', '=', externalId)
      .where('goneAt', 'is', null)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) > 0) result.messages.changed++;
  }
  const touched = new Map<number, { fromPage: Message | null; changed: boolean; isNew: boolean }>();
  const messageIds = new Map<string, number | null>();
  // Department names are read in the message's region where the page gives one, else the
  // board's, as its source row states it (one notion of a board's region: SourceAdapter.region).
  const boardRegion = await sourceRegion(db, x.source);
  const regions = new Map(x.messages.map((m) => [m.externalId, m.region ?? boardRegion]));
  const regionOf = (externalId: string) => regions.get(externalId) ?? boardRegion;
  for (const m of x.messages) {
    const { id, outcome } = await upsertMessage(db, x.source, m, ctx);
    result.messages[outcome]++;
    touched.set(id, { fromPage: m, changed: outcome !== 'unchanged', isNew: outcome === 'new' });
    messageIds.set(m.externalId, id);
  }
  for (const r of x.replies) {
    // The replies of a page almost always belong to one message: look it up once.
    let messageId = messageIds.get(r.messageExternalId);
    if (messageId === undefined) {
      messageId = await messageIdOf(db, x.source, r.messageExternalId);
      messageIds.set(r.messageExternalId, messageId);
    }
    if (messageId == null) {
      result.orphanReplies++;
      continue;
    }
    // A message inserted just now has no replies stored yet: no need to look for them.
    const outcome = await upsertReply(db, messageId, r, ctx, touched.get(messageId)?.isNew ?? false, regionOf(r.messageExternalId));
    result.replies[outcome]++;
    const t = touched.get(messageId) ?? { fromPage: null, changed: false, isNew: false };
    if (outcome !== 'unchanged') t.changed = true;
    touched.set(messageId, t);
  }
  for (const [messageId, t] of touched) {
    const derivedChanged = await refreshDerived(db, messageId, t.fromPage, ctx, t.isNew, t.fromPage ? regionOf(t.fromPage.externalId) : boardRegion);
    if (derivedChanged && !t.changed && t.fromPage) {
      // A reply on a later page changed what the first page's message means.
      result.messages.unchanged--;
      result.messages.changed++;
    }
  }
  for (const rep of x.reports) {
    result.reports[await upsertReport(db, x.source, rep, ctx, boardRegion)]++;
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
async function recordListRows(db: Db, x: Extraction): Promise<void> {
  for (const row of x.messages) {
    await db
      .updateTable('message')
      .set({ listSignature: listSignature(row) })
      .where('sourceId', '=', x.source)
      .where('externalId', '=', row.externalId)
      .execute();
  }
}

async function messageIdOf(db: Db, sourceId: string, externalId: string): Promise<number | null> {
  const row = await db
    .selectFrom('message')
    .select('id')
    .where('sourceId', '=', sourceId)
    .where('externalId', '=', externalId)
    .executeTakeFirst();
  return row?.id ?? null;
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

async function upsertMessage(
  db: Db,
  sourceId: string,
  m: Message,
  ctx: ApplyContext,
): Promise<{ id: number; outcome: keyof Tally }> {
  const values = {
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
  };
  const existing = await db
    .selectFrom('message')
    .selectAll()
    .where('sourceId', '=', sourceId)
    .where('externalId', '=', m.externalId)
    .executeTakeFirst();
  const common = {
    ...values,
    views: m.views,
    lastPostAt: m.lastPostAt ?? existing?.lastPostAt ?? null,
    goneAt: null, // seen on the board, so it is (back) there
    lastSeenAt: ctx.now,
    captureId: ctx.captureId,
    extractorVersion: ctx.extractorVersion,
  };
  if (!existing) {
    const inserted = await db
      .insertInto('message')
      .values({
        ...common,
        sourceId,
        externalId: m.externalId,
        status: m.status,
        replyCount: 0,
        listSignature: null,
        firstSeenAt: ctx.now,
        lastChangedAt: ctx.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = inserted.id;
    await linkReportItems(db, id, m.url);
    return { id, outcome: 'new' };
  }
  const changed = MESSAGE_CONTENT.some((k) => (existing[k] ?? null) !== (values[k] ?? null));
  if (!changed && ctx.touchUnchanged === false) return { id: existing.id, outcome: 'unchanged' };
  await db
    .updateTable('message')
    .set({ ...common, ...(changed ? { lastChangedAt: ctx.now } : {}) })
    .where('id', '=', existing.id)
    .execute();
  return { id: existing.id, outcome: changed ? 'changed' : 'unchanged' };
}

function replyKey(r: Reply): string {
  if (r.externalId) return r.externalId;
  if (r.floor != null) return `floor-${r.floor}`;
  return `at-${r.repliedAt ?? 'unknown'}`;
}

async function upsertReply(db: Db, messageId: number, r: Reply, ctx: ApplyContext, messageIsNew: boolean, region: string | null): Promise<keyof Tally> {
  const externalId = replyKey(r);
  const values = {
    departmentId: r.official ? await departmentIdFor(db, r.department ?? r.author, region) : null,
    authorHash: hashAuthor(ctx.salt, r.author),
    body: r.body,
    repliedAt: r.repliedAt,
    official: r.official ? 1 : 0,
    floor: r.floor,
    captureId: ctx.captureId,
    extractorVersion: ctx.extractorVersion,
  };
  const existing = messageIsNew
    ? undefined
    : await db
        .selectFrom('reply')
        .selectAll()
        .where('messageId', '=', messageId)
        .where('externalId', '=', externalId)
        .executeTakeFirst();
  if (!existing) {
    // A page that repeats a reply key stores it once (the first).
    await db
      .insertInto('reply')
      .values({ ...values, messageId, externalId, firstSeenAt: ctx.now })
      .onConflict((oc) => oc.columns(['messageId', 'externalId']).doNothing())
      .execute();
    return 'new';
  }
  const keys = ['departmentId', 'authorHash', 'body', 'repliedAt', 'official', 'floor'] as const;
  const changed = keys.some((k) => (existing[k] ?? null) !== (values[k] ?? null));
  if (!changed && ctx.touchUnchanged === false) return 'unchanged';
  await db.updateTable('reply').set(values).where('id', '=', existing.id).execute();
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
async function refreshDerived(
  db: Db,
  messageId: number,
  page: Message | null,
  ctx: ApplyContext,
  isNew: boolean,
  region: string | null,
): Promise<boolean> {
  const msg = await db.selectFrom('message').selectAll().where('id', '=', messageId).executeTakeFirstOrThrow();
  const official = await db
    .selectFrom('reply')
    .select(['repliedAt', 'departmentId'])
    .where('messageId', '=', messageId)
    .where('official', '=', 1)
    .orderBy('repliedAt')
    .orderBy('id')
    .execute();
  const replyCount = official.length;
  const firstReplyAt = official.find((r) => r.repliedAt)?.repliedAt ?? null;
  const pageStatus = page ? page.status : msg.status;
  const status = replyCount > 0 ? 'replied' : pageStatus === 'replied' ? msg.status : pageStatus;
  const addressed = page
    ? await departmentIdFor(db, page.department, region)
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
  if (changed) {
    await db
      .updateTable('message')
      .set({ replyCount, firstReplyAt, status, departmentId, departmentSource, lastChangedAt: ctx.now })
      .where('id', '=', messageId)
      .execute();
  }
  const last = isNew
    ? undefined
    : await db
        .selectFrom('messageObservation')
        .select(['status', 'replyCount'])
        .where('messageId', '=', messageId)
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
  if (!last || last.status !== status || last.replyCount !== replyCount) {
    await db
      .insertInto('messageObservation')
      .values({ messageId, observedAt: ctx.now, status, replyCount, runId: ctx.runId })
      .execute();
  }
  return changed;
}

async function linkReportItems(db: Db, messageId: number, url: string): Promise<void> {
  await db
    .updateTable('reportItem')
    .set({ messageId })
    .where('url', '=', url)
    .where('messageId', 'is', null)
    .execute();
}

async function upsertReport(db: Db, sourceId: string, rep: Report, ctx: ApplyContext, region: string | null): Promise<keyof Tally> {
  const values = {
    url: rep.url,
    title: rep.title,
    kind: rep.kind,
    publishedAt: rep.publishedAt,
    periodStart: rep.periodStart,
    periodEnd: rep.periodEnd,
    captureId: ctx.captureId,
    extractorVersion: ctx.extractorVersion,
  };
  const existing = await db
    .selectFrom('report')
    .selectAll()
    .where('sourceId', '=', sourceId)
    .where('externalId', '=', rep.externalId)
    .executeTakeFirst();
  let reportId: number;
  let outcome: keyof Tally;
  const contentHash = createHash('sha256')
    .update(JSON.stringify([rep.title, rep.kind, rep.publishedAt, rep.periodStart, rep.periodEnd, rep.figures, rep.items]))
    .digest('hex');
  if (!existing) {
    reportId = (
      await db
        .insertInto('report')
        .values({ ...values, contentHash, sourceId, externalId: rep.externalId })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    outcome = 'new';
  } else {
    reportId = existing.id;
    outcome = existing.contentHash === contentHash ? 'unchanged' : 'changed';
    if (outcome === 'unchanged' && ctx.touchUnchanged === false) return outcome;
    await db.updateTable('report').set({ ...values, contentHash }).where('id', '=', reportId).execute();
    if (outcome === 'unchanged') return outcome;
    await db.deleteFrom('reportFigure').where('reportId', '=', reportId).execute();
    await db.deleteFrom('reportItem').where('reportId', '=', reportId).execute();
  }
  for (const f of rep.figures) {
    await db
      .insertInto('reportFigure')
      .values({
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
      })
      .execute();
  }
  for (const [position, it] of rep.items.entries()) {
    const messageId = it.url
      ? ((await db.selectFrom('message').select('id').where('url', '=', it.url).executeTakeFirst())?.id ?? null)
      : null;
    await db
      .insertInto('reportItem')
      .values({
        reportId,
        position,
        url: it.url,
        messageId,
        departmentId: await departmentIdFor(db, it.department, region),
        postedOn: it.postedOn,
        headline: it.headline,
        board: it.board,
        message: it.message,
        reply: it.reply,
      })
      .execute();
  }
  return outcome;
}
