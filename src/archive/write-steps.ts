/**
 * The per-page write path is written once, as generators of steps (records.ts, page-store.ts):
 * each step names one database operation of WriteOps and its arguments. Three engines run them:
 * kysely, awaiting each step (any caller holding a kysely transaction), prepared better-sqlite3
 * statements, synchronously inside one SQLite transaction (the crawl's hot path on a SQLite
 * archive, write-ops-sqlite.ts), and named prepared statements on one `pg` connection (a
 * PostgreSQL archive, write-ops-pg.ts). Same rows, same order, same tallies.
 */
import type { FrontierMark, FrontierRow } from './frontier.js';
import type { MessageTable, ReportFigureTable, ReportItemTable, ReportTable } from './schema.js';

/** The columns of a message that a page states and the write path compares with what is stored. */
type MessageContentColumn =
  | 'url' | 'title' | 'body' | 'authorHash' | 'board' | 'category' | 'statusRaw' | 'postedAt'
  | 'publishedAt' | 'boardReplyCount' | 'satisfaction' | 'pageCount' | 'lastPostAt';

/** A message row as the write path compares it with what a page shows. */
export interface StoredMessage extends Pick<MessageTable, MessageContentColumn> {
  id: number;
}

/** The fields of a message a page states (content plus sighting). */
export type MessageValues = Pick<
  MessageTable,
  MessageContentColumn | 'views' | 'lastSeenAt' | 'captureId' | 'extractorVersion'
>;

/** A new message: its values, its key and its first state. */
export interface NewMessage extends MessageValues {
  sourceId: string;
  externalId: string;
  status: string | null;
  firstSeenAt: string;
  lastChangedAt: string;
}

/** What follows from a message's replies (refreshDerived). */
export interface DerivedFields {
  replyCount: number;
  firstReplyAt: string | null;
  status: string | null;
  departmentId: number | null;
  departmentSource: string | null;
}

export interface ReplyValues {
  departmentId: number | null;
  authorHash: string | null;
  body: string | null;
  repliedAt: string | null;
  official: number;
  floor: number | null;
  captureId: number | null;
  extractorVersion: string | null;
}

/**
 * What a sighting of an unchanged message writes: the columns a page may show differently
 * without the message changing (views, last post) and where and when it was seen.
 */
export type MessageSighting = Pick<MessageTable, 'views' | 'lastPostAt' | 'lastSeenAt' | 'captureId' | 'extractorVersion'>;

/** What a sighting of an unchanged reply writes: the capture and extractor that read it. */
export type ReplySighting = Pick<ReplyValues, 'captureId' | 'extractorVersion'>;

export interface StoredReply extends Omit<ReplyValues, 'captureId' | 'extractorVersion'> {
  id: number;
}

export interface NewReply extends ReplyValues {
  messageId: number;
  externalId: string;
  firstSeenAt: string;
}

export interface ObservationRow {
  messageId: number;
  observedAt: string;
  status: string | null;
  replyCount: number;
  runId: number | null;
}

export interface DepartmentRow {
  id: number;
  name: string;
  canonicalName: string;
  regionCode: string | null;
  regionName: string | null;
  level: string;
  scope: string;
}

export type ReportValues = Omit<ReportTable, 'id' | 'sourceId' | 'externalId'>;

export type ReportFigureRow = Omit<ReportFigureTable, 'id'>;

export type ReportItemRow = Omit<ReportItemTable, 'id'>;

/** Every database operation of the per-page write path, as the synchronous engine runs it. */
export interface WriteOps {
  setListSignature(sourceId: string, externalId: string, signature: string): void;
  /** Marks a message gone unless it is already; returns the rows changed. */
  markGone(sourceId: string, externalId: string, now: string): number;
  sourceRegion(sourceId: string): string | null;
  messageByKey(sourceId: string, externalId: string): StoredMessage | undefined;
  messageIdOf(sourceId: string, externalId: string): number | null;
  insertMessage(row: NewMessage): number;
  updateMessage(id: number, values: MessageValues, lastChangedAt: string | null): void;
  /**
   * Records a sighting of a message whose content the page repeats: only the sighting columns
   * (the content ones would be rewritten with what they hold), and it is on the board again.
   */
  touchMessage(id: number, sighting: MessageSighting): void;
  linkReportItems(messageId: number, url: string): void;
  derivedOf(messageId: number): DerivedFields;
  officialReplies(messageId: number): { repliedAt: string | null; departmentId: number | null }[];
  setDerived(messageId: number, derived: DerivedFields, lastChangedAt: string): void;
  lastObservation(messageId: number): { status: string | null; replyCount: number } | undefined;
  addObservation(row: ObservationRow): void;
  replyByKey(messageId: number, externalId: string): StoredReply | undefined;
  /** Inserts a reply unless its (message, key) is there already. */
  insertReply(row: NewReply): void;
  updateReply(id: number, values: ReplyValues): void;
  /** Records a sighting of a reply whose content the page repeats (its capture and extractor only). */
  touchReply(id: number, sighting: ReplySighting): void;
  departmentByAlias(scope: string, alias: string): number | undefined;
  addDepartment(row: DepartmentRow): void;
  addDepartmentAlias(scope: string, alias: string, departmentId: number): void;
  reportByKey(sourceId: string, externalId: string): { id: number; contentHash: string } | undefined;
  insertReport(sourceId: string, externalId: string, values: ReportValues): number;
  updateReport(id: number, values: ReportValues): void;
  clearReportRows(reportId: number): void;
  addReportFigure(row: ReportFigureRow): void;
  messageIdByUrl(url: string): number | null;
  addReportItem(row: ReportItemRow): void;
  markFrontier(mark: FrontierMark): void;
  /** Adds a pending frontier row unless its key is there; returns whether it was added. */
  addFrontierRow(row: FrontierRow, now: string): boolean;
  markCaptureExtracted(captureId: number, extractorVersion: string): void;
}

/** One step: an operation and its arguments. */
export type Step = { [K in keyof WriteOps]: { op: K; args: Parameters<WriteOps[K]> } }[keyof WriteOps];

/** A piece of the write path giving T. */
export type Steps<T> = Generator<Step, T, unknown>;

/** The same operations, each answering a promise (the kysely engine). */
export type AsyncWriteOps = { [K in keyof WriteOps]: (...args: Parameters<WriteOps[K]>) => Promise<ReturnType<WriteOps[K]>> };

/** One operation, as a step whose result comes back typed: `const row = yield* call('messageByKey', s, id)`. */
export function* call<K extends keyof WriteOps>(op: K, ...args: Parameters<WriteOps[K]>): Steps<ReturnType<WriteOps[K]>> {
  return (yield { op, args } as Step) as ReturnType<WriteOps[K]>;
}

type AnyOp = (...args: unknown[]) => unknown;

/** Runs steps synchronously (the caller holds the transaction). */
export function runSync<T>(steps: Steps<T>, ops: WriteOps): T {
  let r = steps.next();
  while (!r.done) {
    const s = r.value;
    r = steps.next((ops[s.op] as AnyOp).apply(ops, s.args));
  }
  return r.value;
}

/** Runs steps one awaited operation at a time. */
export async function runAsync<T>(steps: Steps<T>, ops: AsyncWriteOps): Promise<T> {
  let r = steps.next();
  while (!r.done) {
    const s = r.value;
    r = steps.next(await (ops[s.op] as AnyOp).apply(ops, s.args));
  }
  return r.value;
}
