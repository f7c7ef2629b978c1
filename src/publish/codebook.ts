/**
 * codebook.md: every file of a snapshot and every column of its tables, in English and
 * Chinese: type, meaning (from the zod definitions in src/model/published.ts), how it is
 * derived and what to beware of (codebook-notes.ts). Generated, so it cannot drift from the
 * files: test/publish/codebook.test.ts checks it against the headers of the files written.
 */
import { COLUMN_NOTES, GENERAL_NOTES, type Note } from './codebook-notes.js';
import { PARQUET_TABLES } from './parquet.js';
import { TABLES, tableSchemaOf, type TableDef, type TableName } from './published-schemas.js';

/** The snapshot's files other than the tables, with what they are. */
export const OTHER_FILES: Record<string, Note> = {
  'stats.json': {
    en: 'Totals and breakdowns by board, month, department, category and level; reply-lag quantiles (Kaplan-Meier, unanswered messages censored, next to the naive figures); the claims check. JSON Schema: schemas/stats.schema.json of wenzheng.',
    zh: '总量及按版块、月份、部门、分类、层级的统计;回复用时分位数(Kaplan-Meier 删失估计及朴素估计);官方数据核对。',
  },
  'feed.xml': { en: 'Atom feed: messages newly overdue or newly answered since the previous snapshot.', zh: 'Atom 订阅:自上一快照以来新超期或新回复的留言。' },
  'index.html': { en: 'The dashboard: charts and tables, self-contained, opens from file://.', zh: '数据看板,离线可用。' },
  'datapackage.json': {
    en: 'Frictionless Data Package descriptor: every file with its size, sha256 and (tables) Table Schema, licence and sources.',
    zh: 'Frictionless 数据包描述文件:各文件大小、sha256、表结构、许可与来源。',
  },
  'codebook.md': { en: 'This codebook.', zh: '本数据字典。' },
  'README.md': { en: 'What the snapshot covers: boards, period, crawl runs and their failures; tool version, licence, how to load and cite.', zh: '快照说明:版块、时间范围、抓取记录、工具版本、许可、读取与引用方法。' },
  'CITATION.cff': { en: 'How to cite the data set (Citation File Format 1.2.0).', zh: '引用格式(CFF 1.2.0)。' },
};

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  integer: 'integer',
  number: 'number',
  boolean: 'true/false',
  datetime: 'date-time (ISO 8601, offset)',
  date: 'date (YYYY-MM-DD)',
};

/** The text of codebook.md for a snapshot of `date`. */
export function codebookText(date: string): string {
  const out: string[] = [
    `# Codebook 数据字典: wenzheng snapshot ${date}`,
    '',
    'Every file of this snapshot and every column of its tables. Each table is published as CSV (UTF-8 with BOM) and JSON Lines' +
      ' with the same rows and columns; messages, replies and observations also as Parquet.',
    '本快照的全部文件及各表全部字段。每张表均有 CSV(UTF-8 带 BOM)和 JSON Lines 两种格式,内容相同;留言、回复和状态历史另有 Parquet 格式。',
    '',
    '## General caveats 总体说明',
    '',
    ...GENERAL_NOTES.map((g) => `- ${g.en}<br>${g.zh}`),
    '',
    '## Files 文件',
    '',
    '| file 文件 | what | 说明 |',
    '| --- | --- | --- |',
    ...(Object.keys(TABLES) as TableName[]).map((name) => `| ${filesOf(name).map((f) => `\`${f}\``).join(', ')} | ${cell(TABLES[name].title)} | ${cell(zhOf(TABLES[name].description))} |`),
    ...Object.entries(OTHER_FILES).map(([file, note]) => `| \`${file}\` | ${cell(note.en)} | ${cell(note.zh)} |`),
    '',
  ];
  for (const name of Object.keys(TABLES) as TableName[]) out.push(...tableSection(name, TABLES[name]));
  return `${out.join('\n')}\n`;
}

/** The files a table is published as. */
export function filesOf(name: TableName): string[] {
  const files = [`${name}.csv`, `${name}.jsonl`];
  if ((PARQUET_TABLES as readonly string[]).includes(name)) files.push(`${name}.parquet`);
  return files;
}

function tableSection(name: TableName, def: TableDef): string[] {
  const schema = tableSchemaOf(def);
  const keys = [`Key 主键: ${schema.primaryKey.map((k) => `\`${k}\``).join(' + ')}.`];
  for (const fk of schema.foreignKeys ?? []) {
    keys.push(`\`${fk.fields.join(', ')}\` → ${fk.reference.resource}.\`${fk.reference.fields.join(', ')}\`.`);
  }
  const notes = COLUMN_NOTES[name];
  return [
    `## ${name}: ${def.title}`,
    '',
    `${filesOf(name).map((f) => `\`${f}\``).join(', ')}. ${def.description}`,
    '',
    keys.join(' '),
    '',
    '| column 字段 | type 类型 | meaning 含义 | how derived, caveats 来源与注意 |',
    '| --- | --- | --- | --- |',
    ...schema.fields.map((f) => {
      // A column without a note still gets its row (test/publish/codebook.test.ts flags it).
      const note = notes[f.name] ?? { en: 'No derivation note yet.', zh: '暂无说明。' };
      const type = [TYPE_WORDS[f.type] ?? f.type];
      if (f.constraints?.enum) type.push(`one of 取值: ${f.constraints.enum.map((v) => `\`${v}\``).join(', ')}`);
      if (f.constraints?.minimum === 0) type.push('≥ 0');
      type.push(f.constraints?.required ? 'always set 必填' : 'may be empty 可为空');
      const [en, zh] = splitAbout(f.description);
      return `| \`${f.name}\` | ${cell(type.join('; '))} | ${cell(en)}<br>${cell(zh)} | ${cell(note.en)}<br>${cell(note.zh)} |`;
    }),
    '',
  ];
}

/** A zod description is `English. 中文`: the two halves. */
function splitAbout(description: string): [string, string] {
  const at = description.lastIndexOf('. ');
  return at < 0 ? [description, ''] : [`${description.slice(0, at)}.`, description.slice(at + 2)];
}

/** The Chinese sentence(s) of a bilingual table description (after the English ones). */
function zhOf(description: string): string {
  const at = description.search(/[\u4e00-\u9fff][^.]*$/);
  return at < 0 ? description : description.slice(at);
}

/** Text for a Markdown table cell: no HTML read into it, no column breaks. */
function cell(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
