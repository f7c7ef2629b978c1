/**
 * One pass over the archive's messages, in message_id order: one stream of rows, each made
 * once into its published messages row (PassMessage), feeding separate sinks that write
 * everything a snapshot draws from messages: the files (messages.csv/.jsonl), the statistics
 * (stats.json), the lag chart of the dashboard, the boards the README describes, overdue.csv/.jsonl with the feed's newly
 * overdue entries, and changes.csv/.jsonl with the feed's newly answered ones (merged with the
 * previous snapshot's messages.jsonl, read line by line in step). Nothing grows with the
 * archive but the per-message lags of the statistics (typed arrays) and, per overdue message,
 * its posting time and line lengths (to sort overdue.csv oldest first, see OverdueFiles).
 * Lines are generated from the published-table definitions (row-lines.ts); test/publish
 * checks the bytes against hand-made expectations, schemas and the plain oracles.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { MESSAGE, type MessageRow as ArchiveMessage, type SnapshotRead } from '../archive/snapshot-read.js';
import { publishedDepartmentSource, type ChangeRow, type MessageRow } from '../model/published.js';
import { BoardSpanCounter } from './board-spans.js';
import { changeOf, type MessageState } from './changes.js';
import type { WrittenFile } from './csv.js';
import { LagBins, TABLE_LIMIT, type LongTableFigures } from './dashboard/data.js';
import { numOf, strOf } from './dashboard/read.js';
import type { AnsweredRow, FeedCollector, OverdueResolver } from './feed.js';
import { maskPersonalNumbers } from './mask.js';
import { deadlineText, overdueDeadline, slaHoursOf, waitedHours, type OverdueRule } from './overdue.js';
import { firstRows, OverdueFiles } from './overdue-files.js';
import { PreviousMessages, readOverdueIds, type IdSet, type PreviousState } from './previous-rows.js';
import { TABLES } from './published-schemas.js';
import { RowFiles } from './row-lines.js';
import type { DepartmentInfo, StatsAccumulator } from './stats.js';
import { sourcesInIdOrder } from './tables.js';

export { flatFields } from './previous-rows.js';
const HOUR_MS = 3_600_000;

export interface MessagePassInput {
  /** A connection inside the read transaction the snapshot is taken from. */
  read: SnapshotRead;
  dir: string;
  asOf: string;
  /** Departments by id (canonical names, published in messages.csv). */
  departments: Map<number, DepartmentInfo>;
  /** `department.name` by id (overdue.csv shows the name as stored). */
  departmentNames: Map<number, string>;
  overdueRule: OverdueRule;
  /** The previous snapshot's folder, or null. */
  previousDir: string | null;
  stats: StatsAccumulator;
  /** Feed entries for newly overdue messages and for newly answered ones. */
  feedOverdue: FeedCollector;
  feedAnswered: FeedCollector;
  /** Called every few thousand messages with how many are written. */
  onProgress?(done: number): void;
}

export interface MessagePassResult {
  /**
   * messages.csv and messages.jsonl, complete on disk but hashed only when this is called
   * (read back: the caller does it while DuckDB copies messages.jsonl to Parquet).
   */
  messages(): Promise<WrittenFile[]>;
  overdue: WrittenFile[];
  changes: WrittenFile[];
  /** What the dashboard needs from messages.jsonl and overdue.jsonl. */
  long: LongTableFigures;
  /** The boards' messages and times (README.md, CITATION.cff). */
  boards: BoardSpanCounter;
  /** The overdue rows the feed collector was given by handle, read back from overdue.jsonl. */
  overdueRows: OverdueResolver;
  /**
   * False when the previous snapshot's messages.jsonl or this one's ids were not in strict
   * id order, so matching by merge may have missed newly answered messages: the caller
   * then finds them the slow way (feedChanges over the written files).
   */
  answeredByMerge: boolean;
}

/** One message of the pass: its published row, and what the sinks need beside it. */
export interface PassMessage {
  /** As messages.csv publishes it (title and body masked). */
  row: MessageRow;
  /** posted_at and first_reply_at parsed (NaN when absent). */
  postedMs: number;
  repliedMs: number;
  lastSeenAt: string;
  /** The archive's row id (ties of the month-board label go to the lowest). */
  rowId: number;
  /** published_at parsed (NaN when the board does not say). */
  publishedMs: number;
}

/** A consumer of the message stream; `add` returns a promise when it must be awaited (a full file). */
interface MessageSink {
  add(m: PassMessage): Promise<unknown> | undefined;
}

/** The published row of one archive message (sla: the board's deadline in ms). */
function passMessage(source: string, r: ArchiveMessage, departments: Map<number, DepartmentInfo>, slaMs: number, asOfMs: number): PassMessage {
  const M = MESSAGE;
  const departmentId = r[M.departmentId];
  const status = r[M.status];
  const postedAt = r[M.postedAt];
  const firstReplyAt = r[M.firstReplyAt];
  const replyCount = r[M.replyCount];
  const dept = departmentId != null ? departments.get(departmentId) : undefined;
  const postedMs = postedAt ? Date.parse(postedAt) : NaN;
  const repliedMs = firstReplyAt ? Date.parse(firstReplyAt) : NaN;
  const lagMs = repliedMs - postedMs;
  const known = Number.isFinite(lagMs);
  const answeredNoTime = !known && (status === 'replied' || replyCount > 0);
  const late = Number.isFinite(postedMs) && asOfMs - postedMs > slaMs;
  const publishedAt = r[M.publishedAt];
  const publishedMs = publishedAt ? Date.parse(publishedAt) : NaN;
  const lagFromPublishedMs = repliedMs - publishedMs;
  const row: MessageRow = {
    message_id: `${source}:${r[M.externalId]}`,
    source,
    board: r[M.board],
    external_id: r[M.externalId],
    url: r[M.url],
    title: maskPersonalNumbers(r[M.title]),
    body: maskPersonalNumbers(r[M.body]),
    department: departmentId != null ? (dept?.name ?? null) : null,
    region_code: departmentId != null ? (dept?.regionCode ?? null) : null,
    category: r[M.category],
    status: status as MessageRow['status'],
    posted_at: postedAt,
    first_reply_at: firstReplyAt,
    reply_hours: known ? Math.round((lagMs / HOUR_MS) * 100) / 100 : null,
    replied_within_sla: known ? lagMs <= slaMs : !answeredNoTime && late ? false : null,
    reply_count: replyCount,
    first_seen_at: r[M.firstSeenAt],
    last_seen_at: r[M.lastSeenAt],
    capture_sha256: r[M.captureSha256],
    fetched_at: r[M.fetchedAt],
    department_id: departmentId,
    gone_at: r[M.goneAt],
    published_at: publishedAt,
    // A reply time before publication (clock errors) counts as 0, as reply-lag figures do.
    reply_hours_from_published: Number.isFinite(lagFromPublishedMs) ? Math.round((Math.max(0, lagFromPublishedMs) / HOUR_MS) * 100) / 100 : null,
    department_source: publishedDepartmentSource(departmentId, r[M.departmentSource]),
  };
  return { row, postedMs, repliedMs, lastSeenAt: r[M.lastSeenAt], rowId: r[M.rowId], publishedMs };
}

/** overdue.csv/.jsonl and the feed's newly overdue messages. */
class OverdueSink implements MessageSink {
  readonly files: OverdueFiles;
  private readonly parsed = { postedMs: NaN, repliedMs: NaN };

  constructor(
    dir: string,
    private readonly rule: OverdueRule,
    private readonly departmentNames: Map<number, string>,
    private readonly previousOverdue: IdSet | null,
    private readonly feed: FeedCollector,
  ) {
    this.files = new OverdueFiles(dir);
  }

  add(m: PassMessage): Promise<unknown> | undefined {
    const { row } = m;
    this.parsed.postedMs = m.postedMs;
    this.parsed.repliedMs = m.repliedMs;
    const d = overdueDeadline(this.rule, row.source, row.status, row.posted_at, row.first_reply_at, row.gone_at, this.parsed);
    if (!d) return undefined;
    const ref = this.files.rows;
    const pending = this.files.write(d.postedMs, {
      message_id: row.message_id,
      source: row.source,
      board: row.board,
      department: row.department_id != null ? (this.departmentNames.get(row.department_id) ?? null) : null,
      title: row.title,
      url: row.url,
      status: row.status,
      posted_at: row.posted_at!,
      deadline_at: deadlineText(d.deadlineMs),
      waited_hours: waitedHours(this.rule, d),
      sla_hours: d.slaHours,
    });
    if (!this.previousOverdue?.has(row.message_id)) this.feed.addOverdueRef(d.deadlineMs, row.message_id, String(row.url), ref);
    return pending;
  }
}

/** changes.csv/.jsonl against the previous snapshot, and the feed's newly answered messages. */
class ChangesSink implements MessageSink {
  readonly files: RowFiles<ChangeRow>;
  private prev: PreviousState | undefined;
  private lastId: string | null = null;
  private currentOrdered = true;

  constructor(
    dir: string,
    private readonly previous: PreviousMessages | null,
    private readonly feed: FeedCollector,
  ) {
    this.files = new RowFiles<ChangeRow>(dir, TABLES.changes);
    this.prev = previous?.next();
  }

  add(m: PassMessage): Promise<unknown> | undefined {
    return this.previous ? this.merge(m, this.previous) : undefined;
  }

  private async merge(m: PassMessage, previous: PreviousMessages): Promise<void> {
    const { row } = m;
    const id = row.message_id;
    if (this.lastId !== null && !(this.lastId < id)) this.currentOrdered = false;
    this.lastId = id;
    while (this.prev && this.prev.message_id < id) {
      await this.change(this.prev.message_id, changeOf(this.prev, null));
      this.prev = previous.next();
    }
    const cur: MessageState = { message_id: id, status: row.status, reply_count: row.reply_count, gone_at: row.gone_at };
    if (this.prev && this.prev.message_id === id) {
      await this.change(id, changeOf(this.prev, cur));
      const firstReply = strOf(row.first_reply_at);
      if (this.prev.unanswered && firstReply !== null && this.feed.wants(Date.parse(firstReply))) {
        this.feed.addAnswered(answeredRow(id, row.board, row.department, row.title, row.url, row.posted_at, firstReply, row.reply_hours));
      }
      this.prev = previous.next();
    } else await this.change(id, changeOf(null, cur));
  }

  /** After the last message: the previous snapshot's messages past it are gone. */
  async finish(): Promise<void> {
    const { previous } = this;
    for (; this.prev && previous; this.prev = previous.next()) await this.change(this.prev.message_id, changeOf(this.prev, null));
    previous?.close();
  }

  /** Whether both sides came in strict id order, so the merge found every newly answered message. */
  get ordered(): boolean {
    return !this.previous || (this.previous.ordered && this.currentOrdered);
  }

  private async change(id: string, c: ChangeRow['change'] | null): Promise<void> {
    if (c) await this.files.write({ message_id: id, change: c });
  }

  destroy(): void {
    this.previous?.close();
    this.files.destroy();
  }
}

/** Writes the message-derived files of a snapshot in one pass (see the module comment). */
export async function writeMessagePass(input: MessagePassInput): Promise<MessagePassResult> {
  const { read, dir, departments, overdueRule: rule, stats } = input;
  const previousFile = input.previousDir ? path.join(input.previousDir, 'messages.jsonl') : null;
  const previous = previousFile && existsSync(previousFile) ? new PreviousMessages(previousFile) : null;
  // Hashed when complete (MessagePassResult.messages).
  const messages = new RowFiles<MessageRow>(dir, TABLES.messages, { hashAfter: true });
  const overdue = new OverdueSink(dir, rule, input.departmentNames, input.previousDir ? readOverdueIds(input.previousDir) : null, input.feedOverdue);
  const changes = new ChangesSink(dir, previous, input.feedAnswered);
  const lag = new LagBins();
  const boards = new BoardSpanCounter();
  const sinks: MessageSink[] = [
    { add: (m) => messages.write(m.row) },
    {
      add: (m) => {
        stats.add(m.row.board, m.row.category, m.row.status, m.row.posted_at, m.postedMs, m.repliedMs, m.row.reply_count, m.lastSeenAt, m.row.department_id, m.rowId, m.row.department_source);
        if (Number.isFinite(m.publishedMs)) stats.addPublished(m.publishedMs, m.repliedMs, m.row.status, m.row.reply_count, m.lastSeenAt);
        return undefined;
      },
    },
    { add: (m) => void lag.add(m.row.reply_hours, m.row.first_reply_at, m.row.status, m.row.reply_count) },
    { add: (m) => void boards.add(m.row.source, m.row.posted_at, m.row.first_seen_at, m.row.last_seen_at) },
    overdue,
    changes,
  ];
  const asOfMs = Date.parse(input.asOf);
  let written = 0;
  try {
    for (const source of sourcesInIdOrder(read)) {
      const slaMs = slaHoursOf(rule, source) * HOUR_MS;
      for (const r of read.messageRows(source)) {
        if (++written % 5000 === 0) input.onProgress?.(written);
        const m = passMessage(source, r, departments, slaMs, asOfMs);
        for (let k = 0; k < sinks.length; k++) {
          const pending = sinks[k]!.add(m);
          if (pending) await pending;
        }
      }
    }
    await changes.finish();
    await messages.end();
    const changeFiles = await changes.files.close();
    const { files: overdueFiles, total } = await overdue.files.close();
    return {
      messages: () => messages.close(),
      overdue: overdueFiles,
      changes: changeFiles,
      long: { overdue: { rows: firstRows(path.join(dir, 'overdue.jsonl'), TABLE_LIMIT), total }, lag: lag.result() },
      boards,
      overdueRows: (refs) => overdue.files.rowsAt(refs),
      answeredByMerge: changes.ordered,
    };
  } catch (err) {
    messages.destroy();
    changes.destroy();
    overdue.files.destroy();
    throw err;
  }
}

/** A newly answered message as the feed lists it (the values messages.jsonl gives back). */
export function answeredRow(
  messageId: string,
  board: unknown,
  department: unknown,
  title: unknown,
  url: unknown,
  postedAt: unknown,
  firstReplyAt: string,
  replyHours: unknown,
): AnsweredRow {
  return {
    message_id: messageId,
    board: strOf(board),
    department: strOf(department),
    title: strOf(title),
    url: String(url),
    posted_at: strOf(postedAt),
    first_reply_at: firstReplyAt,
    reply_hours: numOf(replyHours),
  };
}

