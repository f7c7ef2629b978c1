/**
 * Table types of the archive as TypeScript sees them (camelCase; the SQL is snake_case and
 * kysely's CamelCasePlugin maps the two in one place, see db.ts). CONTRACT.md section 5.
 */
import type { Generated } from 'kysely';

export interface SourceTable {
  id: string;
  name: string;
  baseUrl: string;
  /** The board's facts as its adapter stated them when it was first crawled (see sources.ts). */
  slaHours: number | null;
  defaultRate: number | null;
  region: string | null;
}

export interface DepartmentTable {
  /** Derived from the canonical name and region (departments.ts), so the same in every archive. */
  id: number;
  name: string;
  canonicalName: string;
  regionCode: string | null;
  regionName: string | null;
  level: string;
  /** The region the name was resolved in (province code or `national`); null for rows made before scopes. */
  scope: string | null;
}

export interface DepartmentAliasTable {
  /** The region the printed name was read in: the same name elsewhere is another alias. */
  scope: string;
  alias: string;
  departmentId: number;
}

export interface MessageTable {
  id: Generated<number>;
  sourceId: string;
  externalId: string;
  url: string;
  title: string | null;
  body: string | null;
  authorHash: string | null;
  board: string | null;
  departmentId: number | null;
  /** Where the department came from: `addressed` (the page names it), `answered` (the official replier) or `none`. */
  departmentSource: string | null;
  category: string | null;
  status: string | null;
  statusRaw: string | null;
  postedAt: string | null;
  /** When the board made the message public (after its review); null where it does not say. */
  publishedAt: string | null;
  firstReplyAt: string | null;
  /** Official replies stored for this message. */
  replyCount: number;
  /** The reply count the board itself shows (forum replies, all posters). */
  boardReplyCount: number | null;
  views: number | null;
  satisfaction: number | null;
  lastPostAt: string | null;
  pageCount: number | null;
  /** When the board stopped showing the message (deleted thread); null while it is there. */
  goneAt: string | null;
  /** JSON of the list row as last seen (see listSignature in records.ts); null before. */
  listSignature: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
  lastChangedAt: string;
  captureId: number | null;
  extractorVersion: string | null;
}

export interface ReplyTable {
  id: Generated<number>;
  messageId: number;
  externalId: string;
  departmentId: number | null;
  authorHash: string | null;
  body: string | null;
  repliedAt: string | null;
  official: number;
  floor: number | null;
  captureId: number | null;
  extractorVersion: string | null;
  firstSeenAt: string;
}

export interface MessageObservationTable {
  id: Generated<number>;
  messageId: number;
  observedAt: string;
  status: string | null;
  replyCount: number;
  runId: number | null;
}

export interface ReportTable {
  id: Generated<number>;
  sourceId: string;
  externalId: string;
  url: string;
  title: string | null;
  kind: string;
  publishedAt: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  /** sha256 of the extracted report (figures and items included): tells changed from unchanged. */
  contentHash: string;
  captureId: number | null;
  extractorVersion: string | null;
}

export interface ReportFigureTable {
  id: Generated<number>;
  reportId: number;
  metric: string;
  value: number;
  unit: string;
  qualifier: string | null;
  board: string | null;
  region: string | null;
  category: string | null;
  asOf: string | null;
  ofMetric: string | null;
  text: string | null;
}

export interface ReportItemTable {
  id: Generated<number>;
  reportId: number;
  position: number;
  url: string | null;
  messageId: number | null;
  departmentId: number | null;
  postedOn: string | null;
  headline: string | null;
  board: string | null;
  message: string | null;
  reply: string | null;
}

export interface CaptureTable {
  id: Generated<number>;
  url: string;
  sourceId: string | null;
  kind: string | null;
  fetchedAt: string;
  httpStatus: number;
  contentType: string | null;
  sha256: string;
  bytes: number;
  extractorVersion: string | null;
  runId: number | null;
  parseError: string | null;
  /** The method of the request this capture answers ('GET' for every row before POST existed). */
  method: Generated<string>;
  /** The POST body as sent; null for a GET. */
  requestBody: string | null;
  /** The request's key (model/request.ts): the URL for a GET. */
  requestKey: string | null;
  /** When the site answered by its own clock (HTTP Date), ISO; null when it did not say. */
  servedAt: string | null;
}

export interface CrawlRunTable {
  id: Generated<number>;
  startedAt: string;
  finishedAt: string | null;
  sources: string;
  requests: number;
  newMessages: number;
  changedMessages: number;
  unchangedMessages: number;
  newReplies: number;
  failed: number;
  blocked: number;
  exitCode: number | null;
  report: string | null;
  /** (Workers on PostgreSQL) until when, in the database's epoch seconds, the run's worker said it is alive. */
  aliveUntil: number | null;
}

export interface FrontierTable {
  /** The request's key (model/request.ts): the URL for a GET. */
  key: string;
  url: string;
  method: string;
  body: string | null;
  /** JSON object of extra request headers, or null. */
  headers: string | null;
  sourceId: string;
  kind: string;
  state: string;
  attempts: number;
  lastError: string | null;
  updatedAt: string;
}

export interface CrawlStateTable {
  sourceId: string;
  key: string;
  value: string;
}

export interface MetaTable {
  key: string;
  value: string;
}

/** A raw body of a PostgreSQL archive (a SQLite archive keeps them as files): gzip, keyed by the sha256 of the body. */
export interface RawBodyTable {
  sha256: string;
  gz: Buffer;
}

/**
 * A crawl worker's lease on a pending frontier row (PostgreSQL): until `leaseUntil` (epoch
 * seconds by the database clock) no other worker takes it; `runId` is the leasing worker's run.
 */
export interface FrontierLeaseTable {
  key: string;
  worker: string;
  runId: number | null;
  leaseUntil: number;
}

/** The next free request slot of a host, shared by every worker (epoch ms by the database clock). */
export interface HostSlotTable {
  host: string;
  nextAt: number;
}

export interface Database {
  source: SourceTable;
  department: DepartmentTable;
  departmentAlias: DepartmentAliasTable;
  message: MessageTable;
  reply: ReplyTable;
  messageObservation: MessageObservationTable;
  report: ReportTable;
  reportFigure: ReportFigureTable;
  reportItem: ReportItemTable;
  capture: CaptureTable;
  crawlRun: CrawlRunTable;
  frontier: FrontierTable;
  crawlState: CrawlStateTable;
  meta: MetaTable;
  rawBody: RawBodyTable;
  frontierLease: FrontierLeaseTable;
  hostSlot: HostSlotTable;
}
