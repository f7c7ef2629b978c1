/**
 * The record an adapter returns for one page (CONTRACT.md section 4), defined once with zod.
 * The JSON Schema in ../shared/contract/extraction.schema.json is the public form of it.
 */
import { z } from 'zod';
import { requestFieldsSchema } from './request.js';

const isoTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$/, 'ISO 8601 time with offset');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD date');
const text = z.string().nullable();
const count = z.number().int().min(0).nullable();

export const PAGE_KINDS = ['list', 'thread', 'report', 'other'] as const;
export const pageKindSchema = z.enum(PAGE_KINDS);
export type PageKind = z.infer<typeof pageKindSchema>;

export const STATUSES = ['replied', 'in_progress', 'pending', 'closed'] as const;
export const statusSchema = z.enum(STATUSES);
export type MessageStatus = z.infer<typeof statusSchema>;

/**
 * A region as a page states it for one message: the GB/T 2260 code of a province (`42`) or of
 * a finer place (`420100`), or `national`. The board's own region is a fact of its `source`
 * row (SourceAdapter.region), not of each page.
 */
export const regionSchema = z.string().regex(/^(\d{2}|\d{6}|national)$/, 'GB/T 2260 code (2 or 6 digits) or national');

export const messageSchema = z.object({
  externalId: z.string().min(1),
  url: z.string().min(1),
  title: text,
  body: text,
  author: text,
  postedAt: isoTime.nullable(),
  /**
   * When the board made the message public (after its review), where the board says so: the
   * second of the three clocks (posted, published, first reply).
   */
  publishedAt: isoTime.nullable().optional(),
  board: text,
  /** The unit the message is addressed to, where the page shows it (never the answering one). */
  department: text,
  category: text,
  status: statusSchema.nullable(),
  statusRaw: text,
  views: count,
  replyCount: count,
  satisfaction: z.number().min(1).max(5).nullable().optional(),
  /** Time of the newest post as a list row shows it: how list pages reveal a change. */
  lastPostAt: isoTime.nullable().optional(),
  /** Pages of this thread, where the page shows it. */
  pageCount: z.number().int().min(1).nullable().optional(),
  /** The region the page gives for this message, when finer or other than the board's. */
  region: regionSchema.nullable().optional(),
});
export type Message = z.infer<typeof messageSchema>;

export const replySchema = z.object({
  messageExternalId: z.string().min(1),
  externalId: z.string().nullable(),
  department: text,
  author: text,
  body: text,
  repliedAt: isoTime.nullable(),
  official: z.boolean(),
  floor: z.number().int().min(1).nullable(),
});
export type Reply = z.infer<typeof replySchema>;

export const FIGURE_METRICS = [
  'received',
  'valid',
  'forwarded',
  'forwarded_again',
  'replied',
  'replied_proactively',
  'reply_rate',
  'yoy_change',
  'mom_change',
  'units_registered',
  'departments_claimed',
  'registration_rate',
  'category_count',
] as const;

export const figureSchema = z.object({
  metric: z.string().regex(/^[a-z][a-z_]*$/),
  value: z.number(),
  unit: z.enum(['count', 'percent']),
  qualifier: z.enum(['exact', 'at_least', 'more_than', 'about']).nullable(),
  board: text,
  /** The place a figure is about, normalised to its GB/T 2260 name (宜昌 and 宜昌市: 宜昌市). */
  region: text,
  /** GB/T 2260 code of the region (420500), when the place is in the standard. */
  regionCode: z.string().regex(/^\d{6}$/).nullable().optional(),
  category: text,
  asOf: isoDate.nullable(),
  of: z.string().nullable().optional(),
  text: text,
});
export type Figure = z.infer<typeof figureSchema>;

export const reportItemSchema = z.object({
  headline: text,
  url: text,
  board: text,
  postedOn: isoDate.nullable(),
  message: text,
  department: text,
  reply: text,
});
export type ReportItem = z.infer<typeof reportItemSchema>;

export const REPORT_KINDS = ['monthly', 'daily', 'weekly', 'annual', 'other'] as const;
export const reportSchema = z.object({
  externalId: z.string().min(1),
  url: z.string().min(1),
  title: text,
  kind: z.enum(REPORT_KINDS),
  publishedAt: isoTime.nullable(),
  periodStart: isoDate.nullable(),
  periodEnd: isoDate.nullable(),
  figures: z.array(figureSchema),
  items: z.array(reportItemSchema),
});
export type Report = z.infer<typeof reportSchema>;

export const linkSchema = z.object({
  url: z.string().min(1),
  kind: z.enum(['list', 'thread', 'report']),
  /** How to ask for it, when it is not a plain GET of the URL (see model/request.ts). */
  ...requestFieldsSchema,
  /** On list pages: the row (message external id) this link opens, when the URL alone does not say. */
  messageExternalId: z.string().nullable().optional(),
});
export type Link = z.infer<typeof linkSchema>;

export const extractionSchema = z.object({
  /** An adapter id; a configured Discuz board's is `discuz:<host>:<fid>`. */
  source: z.string().regex(/^[a-z0-9-]+(:[a-z0-9.-]+(:\d+)?:\d+)?$/),
  url: z.string().min(1),
  kind: pageKindSchema,
  messages: z.array(messageSchema),
  replies: z.array(replySchema),
  reports: z.array(reportSchema),
  links: z.array(linkSchema),
  pageCount: z.number().int().min(1).nullable().optional(),
  /** External ids of messages this page says no longer exist (a deleted thread's notice). */
  gone: z.array(z.string()).optional(),
  /** Things the adapter noticed but could still parse (a figure-like sentence it could not read). */
  warnings: z.array(z.string()).optional(),
});
export type Extraction = z.infer<typeof extractionSchema>;

/** An empty extraction for a page, to be filled by an adapter. */
export function emptyExtraction(source: string, url: string, kind: PageKind): Extraction {
  return { source, url, kind, messages: [], replies: [], reports: [], links: [] };
}
