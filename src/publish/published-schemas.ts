/**
 * The published files and their schemas, derived from the zod definitions in
 * src/model/published.ts: the JSON Schemas written to `schemas/` (by gen-schemas.ts, checked
 * for drift by a test) and the Table Schemas inside datapackage.json. Nothing here is typed
 * twice: column names, order, types, nullability and descriptions all come from zod.
 */
import { z } from 'zod';
import {
  captureRowSchema,
  changeRowSchema,
  claimRowSchema,
  dataPackageSchema,
  departmentRowSchema,
  messageRowSchema,
  coverageRowSchema,
  observationRowSchema,
  overdueRowSchema,
  replyRowSchema,
  reportFigureRowSchema,
  statsSchema,
  type TableSchema,
} from '../model/published.js';

type ForeignKey = NonNullable<TableSchema['foreignKeys']>[number];

/** One published table: `<name>.csv` and `<name>.jsonl`. */
export interface TableDef {
  name: string;
  title: string;
  description: string;
  schema: z.ZodObject;
  primaryKey: string[];
  foreignKeys: ForeignKey[];
}

const fk = (fields: string[], resource: string, refFields = fields): ForeignKey => ({
  fields,
  reference: { resource, fields: refFields },
});
const CAPTURE_FK = fk(['capture_sha256', 'fetched_at'], 'captures');

/** Every published table, in the order they are written and listed. */
export const TABLES = {
  messages: {
    name: 'messages',
    title: 'Messages (留言)',
    description: 'One row per message, sorted by message_id. 每条留言一行。',
    schema: messageRowSchema,
    primaryKey: ['message_id'],
    foreignKeys: [fk(['department_id'], 'departments'), CAPTURE_FK],
  },
  replies: {
    name: 'replies',
    title: 'Replies (回复)',
    description: 'Official replies and other posts, sorted by reply_id. 官方回复及其他跟帖。',
    schema: replyRowSchema,
    primaryKey: ['reply_id'],
    foreignKeys: [fk(['message_id'], 'messages'), fk(['department_id'], 'departments'), CAPTURE_FK],
  },
  observations: {
    name: 'observations',
    title: 'Status history (办理状态变化)',
    description:
      'Each time a crawl saw a message\'s status or official reply count change (and when it first saw the message), sorted by message_id and observed_at. ' +
      'A change happened between the previous crawl and observed_at. 每次抓取发现留言状态或官方回复数变化的记录。',
    schema: observationRowSchema,
    primaryKey: ['message_id', 'observed_at'],
    foreignKeys: [fk(['message_id'], 'messages')],
  },
  captures: {
    name: 'captures',
    title: 'Captures (原始网页)',
    description: 'Every raw page a published row points to, by sha256 and fetch time. 已发布数据所依据的原始网页。',
    schema: captureRowSchema,
    primaryKey: ['capture_sha256', 'fetched_at'],
    foreignKeys: [],
  },
  coverage: {
    name: 'coverage',
    title: 'Coverage (覆盖情况)',
    description:
      'Per board and posting day: messages held, their id range, ids missing between them, pages still failing; to judge completeness before counting. 按版块和日期统计的留言数、编号范围、编号空缺与抓取失败页面。',
    schema: coverageRowSchema,
    primaryKey: ['source', 'day'],
    foreignKeys: [],
  },
  departments: {
    name: 'departments',
    title: 'Departments (部门)',
    description: 'Departments with region, level and reply figures. 部门及其行政区划、层级与回复情况。',
    schema: departmentRowSchema,
    primaryKey: ['department_id'],
    foreignKeys: [],
  },
  report_figures: {
    name: 'report_figures',
    title: 'Official report figures (官方报告数据)',
    description: 'Every figure parsed from the boards\' official reports. 官方问政报告中的数据。',
    schema: reportFigureRowSchema,
    primaryKey: ['figure_id'],
    foreignKeys: [],
  },
  claims: {
    name: 'claims',
    title: 'Claims check (官方数据核对)',
    description:
      'Each official received/replied figure next to the archive\'s own count for the same board and period. 官方收到、回复数与本存档统计的对照。',
    schema: claimRowSchema,
    primaryKey: ['figure_id'],
    foreignKeys: [fk(['figure_id'], 'report_figures')],
  },
  overdue: {
    name: 'overdue',
    title: 'Overdue messages (超期未回复)',
    description: 'Unanswered messages past the board\'s deadline at the as-of time, oldest first. 超过回复时限仍未回复的留言。',
    schema: overdueRowSchema,
    primaryKey: ['message_id'],
    foreignKeys: [fk(['message_id'], 'messages')],
  },
  changes: {
    name: 'changes',
    title: 'Changes (变化)',
    description:
      'Messages new, replied, changed in status or gone since the previous snapshot; empty for the first snapshot. 与上一快照相比的变化。',
    schema: changeRowSchema,
    primaryKey: ['message_id'],
    foreignKeys: [fk(['message_id'], 'messages')],
  },
} satisfies Record<string, TableDef>;

export type TableName = keyof typeof TABLES;

/** The JSON documents published besides the tables. */
export const DOCUMENTS = {
  stats: { file: 'stats.json', title: 'Statistics (统计)', schema: statsSchema },
  datapackage: { file: 'datapackage.json', title: 'Data Package descriptor', schema: dataPackageSchema },
} as const;

/** Column names of a table, in file order. */
export function columnsOf<T extends TableDef>(def: T): string[] {
  return Object.keys(def.schema.shape);
}

type JsonSchema = Record<string, unknown>;

/** The JSON Schema (2020-12) of one row of a table: one JSON Lines line, or one CSV record once typed. */
export function rowJsonSchema(def: TableDef): JsonSchema {
  return { ...z.toJSONSchema(def.schema), title: `${def.name}: one row`, description: def.description };
}

/** Every file of `schemas/`: file name -> JSON Schema. */
export function generatedSchemas(): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  for (const def of Object.values(TABLES)) out[`${def.name}.schema.json`] = rowJsonSchema(def);
  for (const [name, doc] of Object.entries(DOCUMENTS)) {
    out[`${name}.schema.json`] = { ...z.toJSONSchema(doc.schema), title: doc.title };
  }
  return out;
}

/** How a schema file is written (stable bytes). */
export function schemaFileText(schema: JsonSchema): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

/** The Frictionless Table Schema of a table, from its row JSON Schema. */
export function tableSchemaOf(def: TableDef): TableSchema {
  const json = z.toJSONSchema(def.schema) as { properties: Record<string, JsonSchema> };
  return {
    fields: Object.entries(json.properties).map(([name, prop]) => fieldOf(name, prop, def.primaryKey)),
    primaryKey: def.primaryKey,
    ...(def.foreignKeys.length ? { foreignKeys: def.foreignKeys } : {}),
    missingValues: [''],
  };
}

function fieldOf(name: string, prop: JsonSchema, primaryKey: string[]): TableSchema['fields'][number] {
  const variants = (prop.anyOf as JsonSchema[] | undefined) ?? [prop];
  const types = variants.flatMap((v) => (Array.isArray(v.type) ? v.type : [v.type]));
  const nullable = types.includes('null');
  const base = variants.find((v) => v.type !== 'null') ?? prop;
  const baseType = types.find((t) => t !== 'null');
  const type =
    baseType === 'integer' || baseType === 'number' || baseType === 'boolean'
      ? baseType
      : base.format === 'date-time'
        ? 'datetime'
        : base.format === 'date'
          ? 'date'
          : 'string';
  const constraints: NonNullable<TableSchema['fields'][number]['constraints']> = {};
  if (!nullable) constraints.required = true;
  if (primaryKey.length === 1 && primaryKey[0] === name) constraints.unique = true;
  if (Array.isArray(base.enum)) constraints.enum = base.enum as string[];
  if (base.minimum === 0) constraints.minimum = 0;
  return {
    name,
    type,
    // Times carry their offset (+08:00): not the UTC-only default datetime format.
    ...(type === 'datetime' ? { format: 'any' } : {}),
    description: String(prop.description ?? base.description ?? ''),
    ...(Object.keys(constraints).length ? { constraints } : {}),
  };
}
