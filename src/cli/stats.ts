/** `wenzheng stats`: response statistics of the archive, as JSON or CSV on stdout. */
import type { Command } from 'commander';
import { openReadView } from '../archive/read-view.js';
import { toChinaIso } from '../extract/time.js';
import type { GroupStats } from '../model/published.js';
import { csvLine } from '../publish/csv.js';
import { BREAKDOWNS, breakdownOf, computeStats, dataAsOf, type Breakdown } from '../publish/stats.js';
import { action, UsageError } from './exit.js';

interface StatsFlags {
  by?: string;
  format: string;
}

/** Columns of `stats --format csv`: one row per group. */
export const STATS_CSV_COLUMNS = [
  'by',
  'key',
  'label',
  'messages',
  'replied',
  'reply_rate',
  'median_hours_km',
  'p90_hours_km',
  'median_hours_naive',
  'p90_hours_naive',
  'within_24h_km',
  'within_7d_km',
  'within_30d_km',
  'within_24h',
  'within_7d',
  'within_30d',
] as const;

export function registerStats(program: Command): void {
  program
    .command('stats')
    .description('response statistics: counts, reply rates and reply lag (Kaplan-Meier, unanswered censored) in total and by group')
    .option('--by <group>', `one breakdown: ${BREAKDOWNS.join('|')} (default: totals and every breakdown)`)
    .option('--format <format>', 'json or csv', 'json')
    .action(
      action(async (flags: StatsFlags, cmd: Command) => {
        if (flags.by !== undefined && !(BREAKDOWNS as readonly string[]).includes(flags.by)) {
          throw new UsageError(`--by ${flags.by}: expected one of ${BREAKDOWNS.join(', ')}`);
        }
        if (flags.format !== 'json' && flags.format !== 'csv') throw new UsageError(`--format ${flags.format}: expected json or csv`);
        const archive = await openReadView(cmd.optsWithGlobals().db as string);
        try {
          const asOf = dataAsOf(archive) ?? toChinaIso(new Date());
          const { stats } = computeStats(archive, { asOf });
          const by = flags.by as Breakdown | undefined;
          const sections: [string, GroupStats[]][] = by
            ? [[by, breakdownOf(stats, by)]]
            : [['total', [{ key: 'all', label: null, ...stats.totals, lag: stats.lag }]], ...BREAKDOWNS.map((b): [string, GroupStats[]] => [b, breakdownOf(stats, b)])];
          if (flags.format === 'json') {
            const out = by ? { by, asOf, groups: sections[0]![1] } : stats;
            process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
          } else {
            process.stdout.write(csvLine(STATS_CSV_COLUMNS));
            for (const [name, groups] of sections) for (const g of groups) process.stdout.write(csvLine(flatten(name, g)));
          }
        } finally {
          await archive.close();
        }
      }),
    );
}

function flatten(by: string, g: GroupStats): unknown[] {
  const w = g.lag.within;
  return [
    by,
    g.key,
    g.label,
    g.messages,
    g.replied,
    g.replyRate,
    g.lag.km.median,
    g.lag.km.p90,
    g.lag.naive.median,
    g.lag.naive.p90,
    w.hours24.km,
    w.days7.km,
    w.days30.km,
    w.hours24.observed,
    w.days7.observed,
    w.days30.observed,
  ];
}
