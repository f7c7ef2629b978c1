/** `wenzheng boards <source>`: the boards of a multi-board source, read from the site's directory. */
import type { Command } from 'commander';
import { parseOrigins } from '../crawl/origins.js';
import { ADAPTERS } from '../sources/index.js';
import { action, UsageError } from './exit.js';
import { collect } from './options.js';

interface BoardsFlags {
  origin?: string[];
  format: string;
  appCode?: string;
}

export function registerBoards(program: Command): void {
  program
    .command('boards')
    .description('list the boards of a multi-board source (people-liuyan) from its directory: fid, name, region code, level, post')
    .argument('<source>', 'adapter id (people-liuyan)')
    .option('--origin <source=url>', 'serve a source (or public origin) from another base URL; repeatable', collect)
    .option('--format <format>', 'text or json', 'text')
    .option('--app-code <code>', 'the appCode to sign with (default: the one the adapter knows)')
    .action(
      action(async (sourceId: string, flags: BoardsFlags) => {
        if (sourceId !== 'people-liuyan') throw new UsageError(`boards: ${sourceId} is not a multi-board source (only people-liuyan is)`);
        if (!['text', 'json'].includes(flags.format)) throw new UsageError(`--format ${flags.format}: expected text or json`);
        const origins = parseOrigins(flags.origin ?? [], ADAPTERS);
        const { fetchLiuyanBoards, BoardsBlockedError } = await import('../crawl/liuyan-boards.js');
        const { DEFAULT_CONFIG } = await import('../sources/people-liuyan/config.js');
        let boards;
        try {
          boards = await fetchLiuyanBoards(origins, { ...DEFAULT_CONFIG, appCode: flags.appCode ?? DEFAULT_CONFIG.appCode });
        } catch (err) {
          if (err instanceof BoardsBlockedError) {
            process.stderr.write(`wenzheng: ${err.message}\n`);
            return 4;
          }
          throw err;
        }
        const rows = boards.map((b) => ({ fid: b.fid, name: b.name, regionCode: b.regionCode, level: b.level, post: b.post }));
        if (flags.format === 'json') {
          process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
          return;
        }
        const lines = rows.map((r) => [r.fid, r.name, r.regionCode ?? '-', r.level ?? '-', r.post ?? '-'].join('\t'));
        process.stdout.write(`${['fid\tname\tregion\tlevel\tpost', ...lines].join('\n')}\n`);
      }),
    );
}
