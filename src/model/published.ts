/**
 * The rows of every published snapshot file (CONTRACT.md section 6), defined once with zod.
 * From these definitions come the TypeScript row types, the JSON Schemas in `schemas/`
 * (src/publish/published-schemas.ts) and the Table Schemas of datapackage.json. Column order
 * is the order of the keys below: the contract's columns first, additions after them.
 * Every column carries a short description in English and Chinese.
 */
import { z } from 'zod';

/** `English. 中文` as one description string. */
const about = (en: string, zh: string) => ({ description: `${en}. ${zh}` });

const text = (en: string, zh: string) => z.string().nullable().meta(about(en, zh));
const id = (en: string, zh: string) => z.string().min(1).meta(about(en, zh));
const time = (en: string, zh: string) => z.iso.datetime({ offset: true }).meta(about(en, zh));
const timeOrNull = (en: string, zh: string) => z.iso.datetime({ offset: true }).nullable().meta(about(en, zh));
const dateOrNull = (en: string, zh: string) => z.iso.date().nullable().meta(about(en, zh));
const count = (en: string, zh: string) => z.number().int().min(0).meta(about(en, zh));
const numberOrNull = (en: string, zh: string) => z.number().nullable().meta(about(en, zh));
const sha256 = (en: string, zh: string) => z.string().regex(/^[0-9a-f]{64}$/).nullable().meta(about(en, zh));

export const LEVELS = ['province', 'prefecture', 'county', 'township', 'unknown'] as const;
export const CHANGE_KINDS = ['new', 'replied', 'status_changed', 'gone'] as const;
const STATUS_VALUES = ['replied', 'in_progress', 'pending', 'closed'] as const;
/** What each status means, in every table that has one (the datapackage's field descriptions). */
const STATUS_MEANING =
  'replied: an official reply is published, or the board marks the message answered (已回复, 已答复, 已办理, 已办结); ' +
  'in_progress: a unit has taken it and is handling it (已受理, 办理中, 处理中); ' +
  'pending: waiting for a unit to take or answer it (待回复, 未回复, 待受理); ' +
  'closed: the board closed it without publishing a reply (已关闭; 不予受理; 已办结 shown with no reply), never overdue and not counted as replied; ' +
  'empty: the board shows no status';
const STATUS_MEANING_ZH = 'replied 已回复(已发布官方回复或标为已办理);in_progress 办理中;pending 待回复;closed 未发布回复即关闭(已关闭、不予受理、无回复的已办结),不计入逾期,也不计为已回复;空:原网站未显示状态';
/** Where a message's department comes from (messages.csv `department_source`). */
export const DEPARTMENT_SOURCES = ['addressed', 'answered', 'none'] as const;

/**
 * The published `department_source` of a message: none without a department; otherwise the
 * stored one, and answered for rows stored before it was recorded.
 */
export function publishedDepartmentSource(departmentId: number | null, stored: string | null): (typeof DEPARTMENT_SOURCES)[number] {
  if (departmentId == null) return 'none';
  return (stored as (typeof DEPARTMENT_SOURCES)[number] | null) ?? 'answered';
}
/** How the archive counts a claim's figure (claims.csv `rule`), see src/publish/claims.ts. */
export const CLAIM_RULES = ['posted_in_period', 'replied_in_period', 'posted_in_period_replied_by_cutoff'] as const;

export const messageRowSchema = z
  .object({
    message_id: id('Public id of the message: <source>:<external_id>', '留言公开编号'),
    source: id('Adapter id of the board the message was read from', '来源适配器编号'),
    board: text('Board name (民生热线, 荆楚问政)', '版块名称'),
    external_id: id('Id of the message on the board', '留言在原网站的编号'),
    url: id('Canonical public URL of the message', '留言原网址'),
    title: text('Title, phone and ID-card numbers masked', '标题(电话、身份证号已遮盖)'),
    body: text('Message text, phone and ID-card numbers masked', '留言正文(电话、身份证号已遮盖)'),
    department: text('Canonical name of the department the message is addressed to, else the one that answered (see department_source)', '受理部门规范名称'),
    region_code: z.string().regex(/^\d{6}$/).nullable().meta(about('GB/T 2260 code of the department\'s place', '部门所在行政区划代码')),
    category: text('Category as the board files it', '留言分类'),
    status: z.enum(STATUS_VALUES).nullable().meta(about(`Status as last seen. ${STATUS_MEANING}`, `办理状态。${STATUS_MEANING_ZH}`)),
    posted_at: timeOrNull('When the message was posted (ISO 8601 with offset)', '发帖时间'),
    first_reply_at: timeOrNull('When the first official reply was posted', '首次官方回复时间'),
    reply_hours: numberOrNull('Hours from posting to the first official reply; empty when unanswered', '回复用时(小时)'),
    replied_within_sla: z
      .boolean()
      .nullable()
      .meta(about('Answered within the board\'s deadline (24 h unless the board sets one); false when overdue; empty while still within it', '是否在时限内回复')),
    reply_count: count('Official replies stored', '官方回复数'),
    first_seen_at: time('When the archive first saw the message', '首次抓取时间'),
    last_seen_at: time('When the archive last saw the message', '最近抓取时间'),
    capture_sha256: sha256('sha256 of the raw page the row was read from (see captures)', '原始网页的 sha256'),
    fetched_at: timeOrNull('When that page was fetched', '原始网页抓取时间'),
    department_id: z.number().int().nullable().meta(about('Id of the department (see departments)', '部门编号')),
    gone_at: timeOrNull('When the board stopped showing the message; empty while it is there', '原帖消失时间'),
    published_at: timeOrNull('When the board made the message public after its review (人民网《领导留言板》 threadsCheckTime); empty where the board does not say', '审核后公开时间'),
    reply_hours_from_published: numberOrNull('Hours from publication to the first official reply (the lag the answering unit could see, without the review delay); empty when unanswered or unpublished', '自公开至首次官方回复的小时数'),
    department_source: z
      .enum(DEPARTMENT_SOURCES)
      .meta(
        about(
          'Where department comes from: addressed (the unit the board shows the message is addressed to: 荆楚问政 target unit, Discuz thread type or @unit, 阳光热线 问政部门, the leader or ministry of a 领导留言板 board), answered (the first official replier, the board shows no addressee), none (neither: no department)',
          '部门来源(addressed 留言所指单位, answered 首个官方回复单位, none 无)',
        ),
      ),
  })
  .strict();
export type MessageRow = z.infer<typeof messageRowSchema>;

export const replyRowSchema = z
  .object({
    reply_id: id('Public id of the reply: <message_id>:<reply external id>', '回复公开编号'),
    message_id: id('The message replied to', '所属留言编号'),
    department: text('Canonical name of the answering department (official replies)', '回复部门规范名称'),
    body: text('Reply text, phone and ID-card numbers masked', '回复正文(电话、身份证号已遮盖)'),
    replied_at: timeOrNull('When the reply was posted', '回复时间'),
    official: z.boolean().meta(about('An official reply by a registered unit (false: another post)', '是否官方回复')),
    floor: z.number().int().min(1).nullable().meta(about('Floor number on forum boards', '楼层')),
    capture_sha256: sha256('sha256 of the raw page the row was read from', '原始网页的 sha256'),
    fetched_at: timeOrNull('When that page was fetched', '原始网页抓取时间'),
    department_id: z.number().int().nullable().meta(about('Id of the department (see departments)', '部门编号')),
  })
  .strict();
export type ReplyRow = z.infer<typeof replyRowSchema>;

export const observationRowSchema = z
  .object({
    message_id: id('The message observed (see messages)', '留言公开编号'),
    observed_at: time('When a crawl saw the message in this state (the first crawl that saw it so)', '观察到该状态的抓取时间'),
    status: z
      .enum(STATUS_VALUES)
      .nullable()
      .meta(about(`Status then. ${STATUS_MEANING}`, `当时的办理状态。${STATUS_MEANING_ZH}`)),
    reply_count: count('Official replies stored then', '当时的官方回复数'),
  })
  .strict();
export type ObservationRow = z.infer<typeof observationRowSchema>;

export const coverageRowSchema = z
  .object({
    source: id('Adapter id of the board', '来源适配器编号'),
    day: z.iso.date().meta(about('Posting day in Beijing time (first-seen day when the board gives no posting time)', '发帖日期(北京时间)')),
    messages: count('Messages of that day the archive holds', '存档中该日留言数'),
    first_id: text('Lowest board id among them', '最小编号'),
    last_id: text('Highest board id among them', '最大编号'),
    missing_ids: z
      .number()
      .int()
      .min(0)
      .nullable()
      .meta(about('Ids absent between consecutive ids the archive holds, counted on the day of the id after the gap; empty when the board\'s ids are not sequential numbers', '编号空缺数')),
    pages_failed: count('Pages of the board still failing after their retries that last failed that day', '仍抓取失败的页面数'),
  })
  .strict();
export type CoverageRow = z.infer<typeof coverageRowSchema>;

export const captureRowSchema = z
  .object({
    capture_sha256: z.string().regex(/^[0-9a-f]{64}$/).meta(about('sha256 of the raw body as fetched', '原始网页的 sha256')),
    url: id('Public URL fetched', '抓取网址'),
    fetched_at: time('When it was fetched', '抓取时间'),
    http_status: z.number().int().meta(about('HTTP status of the answer', 'HTTP 状态码')),
    bytes: count('Size of the raw body in bytes', '原始网页字节数'),
  })
  .strict();
export type CaptureRow = z.infer<typeof captureRowSchema>;

export const departmentRowSchema = z
  .object({
    department_id: z.number().int().meta(about('Id of the department, stable within the archive', '部门编号')),
    name: id('Canonical name', '部门规范名称'),
    region_code: z.string().regex(/^\d{6}$/).nullable().meta(about('GB/T 2260 code of its place (a township unit: its county)', '行政区划代码')),
    region_name: text('Name of that place in GB/T 2260', '行政区划名称'),
    level: z.enum(LEVELS).meta(about('province, prefecture, county, township or unknown', '行政层级')),
    messages: count('Messages addressed to or answered by it', '留言数'),
    replied: count('Of those, answered', '已回复数'),
    reply_rate: numberOrNull('replied / messages', '回复率'),
    median_reply_hours: numberOrNull(
      'Kaplan-Meier median hours to the first reply, unanswered messages censored when last seen; empty when not reached',
      '回复用时中位数(小时,未回复留言按删失处理)',
    ),
  })
  .strict();
export type DepartmentRow = z.infer<typeof departmentRowSchema>;

export const reportFigureRowSchema = z
  .object({
    figure_id: id('Id of the figure: <report id>:<position, 3 digits>', '数据编号'),
    report_id: id('Public id of the report: <source>:<external_id>', '报告编号'),
    report_url: id('URL of the report', '报告网址'),
    report_title: text('Title of the report', '报告标题'),
    report_kind: z.enum(['monthly', 'daily', 'weekly', 'annual', 'other']).meta(about('monthly, daily, weekly, annual or other', '报告类型')),
    published_at: timeOrNull('When the report was published', '发布时间'),
    period_start: dateOrNull('First day the report covers', '统计起始日'),
    period_end: dateOrNull('Last day the report covers', '统计截止日'),
    metric: id('What is counted (received, replied, reply_rate, ...)', '指标'),
    value: z.number().meta(about('The figure as printed', '数值')),
    unit: z.enum(['count', 'percent']).meta(about('count or percent', '单位')),
    qualifier: z.enum(['exact', 'at_least', 'more_than', 'about']).nullable().meta(about('exact, at_least, more_than or about', '限定词')),
    board: text('Board the figure is about (民生热线, 荆楚问政, 民生热线+荆楚问政)', '版块'),
    region: text('Place the figure is about', '地区'),
    category: text('Category the figure is about', '分类'),
    as_of: dateOrNull('Date the figure is counted to, when the report says', '截至日期'),
    of_metric: text('For changes (yoy_change, mom_change): the metric that changed', '变化所指指标'),
    text: text('The sentence the figure came from', '原文句子'),
  })
  .strict();
export type ReportFigureRow = z.infer<typeof reportFigureRowSchema>;

export const claimRowSchema = z
  .object({
    figure_id: id('The official figure (see report_figures)', '官方数据编号'),
    report_url: id('URL of the report', '报告网址'),
    period_start: z.iso.date().meta(about('First day of the period', '统计起始日')),
    period_end: z.iso.date().meta(about('Last day of the period', '统计截止日')),
    board: text('Board (empty: all boards)', '版块'),
    metric: z.enum(['received', 'replied']).meta(about('received or replied, counted by the rule in `rule`', '指标')),
    qualifier: z.enum(['exact', 'at_least', 'more_than', 'about']).nullable().meta(about('How the report qualifies the figure', '限定词')),
    official_value: z.number().meta(about('The figure the report prints', '官方数据')),
    archive_value: count('The archive\'s own count for the same board, period and metric', '本存档统计数'),
    difference: z.number().meta(about('archive_value - official_value', '差值(存档-官方)')),
    ratio: numberOrNull('archive_value / official_value; empty when the official figure is 0', '比值(存档/官方)'),
    rule: z
      .enum(CLAIM_RULES)
      .meta(
        about(
          'How the archive counted: posted_in_period (messages posted in the period); replied_in_period (messages given an official reply in the period, for daily 每日回复 counts of replies given that day); posted_in_period_replied_by_cutoff (messages posted in the period and answered by the report\'s as-of day, else its publication)',
          '存档统计口径',
        ),
      ),
  })
  .strict();
export type ClaimRow = z.infer<typeof claimRowSchema>;

export const overdueRowSchema = z
  .object({
    message_id: id('Public id of the message', '留言公开编号'),
    source: id('Adapter id of the board', '来源适配器编号'),
    board: text('Board name', '版块名称'),
    department: text('Canonical name of the department addressed', '受理部门'),
    title: text('Title, phone and ID-card numbers masked', '标题'),
    url: id('Canonical public URL', '留言原网址'),
    status: z.enum(STATUS_VALUES).nullable().meta(about(`Status as last seen (never closed or replied here). ${STATUS_MEANING}`, `办理状态。${STATUS_MEANING_ZH}`)),
    posted_at: time('When the message was posted', '发帖时间'),
    deadline_at: time('Posting time plus the board\'s deadline (Beijing time, +08:00, like every published time)', '回复期限'),
    waited_hours: z.number().min(0).meta(about('Hours from posting to the snapshot\'s as-of time', '已等待小时数')),
    sla_hours: z.number().min(0).meta(about('The board\'s deadline in hours', '回复时限(小时)')),
  })
  .strict();
export type OverdueRow = z.infer<typeof overdueRowSchema>;

export const changeRowSchema = z
  .object({
    message_id: id('Public id of the message', '留言公开编号'),
    change: z.enum(CHANGE_KINDS).meta(about('new, replied (a new official reply), status_changed or gone, against the previous snapshot', '变化类型')),
  })
  .strict();
export type ChangeRow = z.infer<typeof changeRowSchema>;

// ---------------------------------------------------------------------------------------------
// stats.json (a JSON document, so camelCase like the Extraction; its claims are claims.csv rows)

const hoursOrNull = (en: string, zh: string) => z.number().nullable().meta(about(en, zh));
const shareSchema = z
  .object({
    km: z.number().min(0).max(1).nullable().meta(about('Kaplan-Meier estimate, 1 - S(t)', 'Kaplan-Meier 估计')),
    observed: z.number().min(0).max(1).nullable().meta(about('Answered by then / all messages with a posting time', '实际比例')),
  })
  .strict();

export const lagSummarySchema = z
  .object({
    km: z
      .object({
        median: hoursOrNull('Median hours to the first official reply, unanswered messages censored when last seen', '回复用时中位数(删失)'),
        p90: hoursOrNull('90th percentile of the same', '回复用时第90百分位(删失)'),
        n: count('Messages with a posting time', '有发帖时间的留言数'),
        answered: count('Of those, answered with a known reply time (events)', '已回复(事件)'),
        censored: count('Of those, unanswered when last seen (censored)', '未回复(删失)'),
      })
      .strict(),
    naive: z
      .object({
        median: hoursOrNull('Median over answered messages only', '仅已回复留言的中位数'),
        p90: hoursOrNull('90th percentile over answered messages only', '仅已回复留言的第90百分位'),
        n: count('Answered messages with a known reply time', '已回复留言数'),
      })
      .strict(),
    within: z
      .object({ hours24: shareSchema, days7: shareSchema, days30: shareSchema })
      .strict()
      .meta(about('Share answered within 24 hours, 7 days and 30 days', '24小时、7天、30天内回复比例')),
  })
  .strict();

export const groupStatsSchema = z
  .object({
    key: z.string().nullable().meta(about('The group: board, YYYY-MM, department id, category or level; null for none', '分组')),
    label: text('Readable name of the group (a department\'s name)', '分组名称'),
    messages: count('Messages', '留言数'),
    replied: count('Answered (an official reply, or the board says replied)', '已回复数'),
    replyRate: numberOrNull('replied / messages', '回复率'),
    lag: lagSummarySchema,
  })
  .strict();
export type GroupStats = z.infer<typeof groupStatsSchema>;

export const monthBoardSchema = z
  .object({
    month: z.string().regex(/^\d{4}-\d{2}$/).meta(about('Month posted (Beijing time)', '发帖月份')),
    board: z.string().nullable().meta(about('Board name', '版块')),
    received: count('Messages posted that month', '收到留言数'),
    replied: count('Of those, answered', '已回复数'),
    replyRate: numberOrNull('replied / received', '回复率'),
  })
  .strict();

export const statsSchema = z
  .object({
    snapshotDate: z.iso.date().nullable().meta(about('Date of the snapshot; null outside a snapshot', '快照日期')),
    asOf: z.iso.datetime({ offset: true }).meta(about('The archive\'s last crawl: the time the figures are as of', '数据截至时间')),
    totals: z
      .object({
        messages: count('Messages', '留言数'),
        replied: count('Answered', '已回复数'),
        unanswered: count('Not answered', '未回复数'),
        replyRate: numberOrNull('replied / messages', '回复率'),
        replies: count('Official replies', '官方回复数'),
        departments: count('Departments', '部门数'),
      })
      .strict(),
    departmentSource: z
      .object({
        addressed: count('Messages whose department is the unit they are addressed to', '部门取自留言所指单位的留言数'),
        answered: count('Messages whose department is the first official replier (no addressee shown)', '部门取自首个官方回复单位的留言数'),
        none: count('Messages without a department: by-department figures leave them out', '无部门的留言数'),
        noneShare: numberOrNull('none / messages', '无部门留言占比'),
      })
      .strict()
      .meta(about('Where the department of each message comes from (messages.csv department_source)', '留言部门来源统计')),
    lag: lagSummarySchema,
    lagFromPublished: lagSummarySchema.meta(about('Reply lag from publication (published_at) instead of posting, over the messages whose board says when it published them; unanswered ones censored', '自公开时间起算的回复用时(仅限注明公开时间的留言)')),
    byBoard: z.array(groupStatsSchema),
    byMonth: z.array(groupStatsSchema),
    byDepartment: z.array(groupStatsSchema),
    byCategory: z.array(groupStatsSchema),
    byLevel: z.array(groupStatsSchema),
    byMonthBoard: z.array(monthBoardSchema).meta(about('Received and answered per month and board', '按月份和版块的收到与回复数')),
    claims: z.array(claimRowSchema).meta(about('The rows of claims.csv', '官方数据核对(同 claims.csv)')),
  })
  .strict();
export type Stats = z.infer<typeof statsSchema>;
export type LagStats = z.infer<typeof lagSummarySchema>;

// ---------------------------------------------------------------------------------------------
// datapackage.json (Frictionless Data Package v1; this is the shape wenzheng writes)

const tableFieldSchema = z
  .object({
    name: z.string(),
    type: z.enum(['string', 'integer', 'number', 'boolean', 'datetime', 'date']),
    format: z.string().optional(),
    description: z.string(),
    constraints: z
      .object({ required: z.boolean().optional(), unique: z.boolean().optional(), enum: z.array(z.string()).optional(), minimum: z.number().optional() })
      .strict()
      .optional(),
  })
  .strict();

const foreignKeySchema = z
  .object({
    fields: z.array(z.string()),
    reference: z.object({ resource: z.string(), fields: z.array(z.string()) }).strict(),
  })
  .strict();

export const tableSchemaSchema = z
  .object({
    fields: z.array(tableFieldSchema),
    primaryKey: z.array(z.string()),
    foreignKeys: z.array(foreignKeySchema).min(1).optional(),
    missingValues: z.array(z.string()),
  })
  .strict();
export type TableSchema = z.infer<typeof tableSchemaSchema>;

export const dataResourceSchema = z
  .object({
    name: z.string().regex(/^[-a-z0-9._/]+$/),
    path: z.string(),
    profile: z.enum(['tabular-data-resource', 'data-resource']),
    title: z.string(),
    description: z.string(),
    format: z.enum(['csv', 'jsonl', 'json', 'xml', 'html', 'parquet', 'md', 'cff']),
    mediatype: z.string(),
    encoding: z.literal('utf-8').optional().meta({ description: 'Text files only (Parquet is binary)' }),
    bytes: z.number().int().min(0),
    hash: z.string().regex(/^sha256:[0-9a-f]{64}$/),
    dialect: z
      .object({ delimiter: z.string(), lineTerminator: z.string(), quoteChar: z.string(), doubleQuote: z.boolean(), header: z.boolean() })
      .strict()
      .optional(),
    schema: tableSchemaSchema.optional(),
  })
  .strict();
export type DataResource = z.infer<typeof dataResourceSchema>;

export const dataPackageSchema = z
  .object({
    profile: z.literal('data-package'),
    name: z.string().regex(/^[-a-z0-9._/]+$/),
    title: z.string(),
    description: z.string(),
    version: z.string(),
    created: z.iso.datetime({ offset: true }),
    keywords: z.array(z.string()),
    licenses: z.array(z.object({ name: z.string(), path: z.string(), title: z.string() }).strict()).min(1),
    sources: z.array(z.object({ title: z.string(), path: z.string() }).strict()),
    resources: z.array(dataResourceSchema).min(1),
  })
  .strict();
export type DataPackage = z.infer<typeof dataPackageSchema>;
