/** `wenzheng overdue`: unanswered messages past their deadline, oldest first, by department. */
import type { Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { openReadView } from '../archive/read-view.js';
import { UsageError } from '../crawl/origins.js';
import { toChinaIso } from '../extract/time.js';
import { formatWait, groupByDepartment, listOverdue, OVERDUE_COLUMNS, type OverdueRow } from '../publish/overdue.js';
import { action } from './exit.js';
import { parseNumberOption } from './options.js';

interface OverdueFlags {
  slaHours?: string;
  asOf?: string;
  format: string;
}

const FORMATS = ['text', 'json', 'csv'];

export function registerOverdue(program: Command): void {
  program
    .command('overdue')
    .description('unanswered messages past their deadline, oldest first, grouped by department')
    .option('--sla-hours <h>', "deadline in hours for every source (default: each source's own, 24 for the 荆楚网 boards)")
    .option('--as-of <iso>', 'the moment to judge at, ISO 8601 with offset or YYYY-MM-DD (Beijing midnight); default now')
    .option('--format <format>', 'text, json or csv', 'text')
    .action(
      action(async (flags: OverdueFlags, cmd: Command) => {
        const slaHours = flags.slaHours != null ? parseNumberOption('--sla-hours', flags.slaHours, { min: 0 }) : undefined;
        const asOf = flags.asOf != null ? parseAsOf(flags.asOf) : toChinaIso(new Date());
        if (!FORMATS.includes(flags.format)) throw new UsageError(`--format ${flags.format}: expected ${FORMATS.join(', ')}`);
        const archive = await openReadView(cmd.optsWithGlobals().db as string);
        try {
          const rows = await listOverdue(archive.db, { slaHours, asOf });
          process.stdout.write(render(rows, flags.format, asOf));
        } finally {
          await archive.close();
        }
      }),
    );
}

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)$/;

/** `--as-of`: an ISO time with offset, or a date taken as midnight Beijing time. */
export function parseAsOf(value: string): string {
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00+08:00` : value;
  if (!ISO_WITH_OFFSET.test(iso) || !Number.isFinite(Date.parse(iso)) || !isCalendarDate(iso.slice(0, 10))) {
    throw new UsageError(`--as-of ${value}: expected an ISO 8601 time with offset (2024-05-01T12:00:00+08:00) or a date`);
  }
  return iso;
}

/** Date.parse rolls 2024-02-30 over to March: check the day exists. */
function isCalendarDate(ymd: string): boolean {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

function render(rows: OverdueRow[], format: string, asOf: string): string {
  if (format === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  if (format === 'csv') return stringify(rows, { header: true, columns: [...OVERDUE_COLUMNS], record_delimiter: '\n' });
  const lines = [`${rows.length} overdue as of ${asOf}`];
  for (const g of groupByDepartment(rows)) {
    lines.push('', `${g.department ?? '(no department)'} (${g.rows.length})`);
    for (const r of g.rows) {
      lines.push(`  ${formatWait(r.waited_hours).padStart(9)}  ${r.message_id}  ${oneLine(r.title)}  ${r.url}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Scraped titles may hold newlines or terminal escapes: keep one printable line. */
function oneLine(text: string | null): string {
  return (text ?? '(no title)').replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
}
