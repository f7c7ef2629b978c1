/** `wenzheng sources`: the adapters, their boards and page kinds. */
import type { Command } from 'commander';
import { ADAPTERS } from '../sources/index.js';
import { UsageError } from '../crawl/origins.js';
import { action } from './exit.js';

export function registerSources(program: Command): void {
  program
    .command('sources')
    .description('list the board adapters: id, name, base URL, page kinds')
    .option('--format <format>', 'text or json', 'text')
    .action(
      action(async (opts: { format: string }) => {
        const rows = ADAPTERS.map((a) => ({
          id: a.id,
          name: a.name,
          baseUrl: a.baseUrl,
          pageKinds: [...a.pageKinds],
          version: a.version,
          slaHours: a.slaHours,
        }));
        if (opts.format === 'json') {
          process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        } else if (opts.format === 'text') {
          for (const r of rows) process.stdout.write(`${r.id}\t${r.name}\t${r.baseUrl}\t${r.pageKinds.join(',')}\n`);
        } else {
          throw new UsageError(`--format ${opts.format}: expected text or json`);
        }
      }),
    );
}
