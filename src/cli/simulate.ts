/** `wenzheng simulate`: serves the offline board simulator until SIGTERM/SIGINT. */
import type { Command } from 'commander';

import { action, UsageError } from './exit.js';
import { parseNumberOption } from './options.js';

interface SimulateFlags {
  port: string;
  seed: string;
  threads: string;
  wenzheng?: string;
  faults: string;
  robots?: boolean;
  gbk?: boolean;
  overstate?: boolean;
  start?: string;
  slowMs?: string;
  liuyan: string;
  sun: string;
  rednet: string;
  liuyanAppCode?: string;
  liuyanWafAfter?: string;
  liuyanWafLength?: string;
}

export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description('serve the offline board simulator (民生热线, 荆楚问政 API, report articles, 领导留言板) on 127.0.0.1')
    .option('--port <n>', 'port (0 picks a free one)', '8123')
    .option('--seed <s>', 'world seed: same seed, same pages', '1')
    .option('--threads <n>', '民生热线 threads before the start (10 to 100000)', '300')
    .option('--wenzheng <n>', '荆楚问政 messages before the start')
    .option('--faults <rate>', 'rate (0..1) of transient faults: 5xx, slow, dropped, truncated, 429', '0')
    .option('--robots', 'serve robots.txt rules that disallow some paths')
    .option('--gbk', 'serve forum and news pages as GBK, charset only in <meta>')
    .option('--overstate', 'inflate the figures of monthly reports (for the claims check)')
    .option('--start <iso>', 'start of simulated time (ISO 8601)')
    .option('--slow-ms <ms>', 'how long a slow answer is held')
    .option('--liuyan <n>', '领导留言板 messages before the start', '0')
    .option('--sun <n>', '阳光热线问政平台 (Dongguan) messages before the start', '0')
    .option('--rednet <n>', '红网《问政湖南》 messages before the start', '0')
    .option('--liuyan-app-code <code>', 'the appCode the 领导留言板 front end signs with (default: the adapter\'s)')
    .option('--liuyan-waf-after <n>', 'after this many 领导留言板 API POSTs every POST gets 403 (a WAF burst)')
    .option('--liuyan-waf-length <n>', 'how many POSTs the burst lasts (default: for good)')
    .action(
      action(async (flags: SimulateFlags) => {
        const port = parseNumberOption('--port', flags.port, { min: 0, integer: true });
        const faults = parseNumberOption('--faults', flags.faults, { min: 0 });
        const threads = parseNumberOption('--threads', flags.threads, { min: 0, integer: true });
        if (faults > 1) throw new UsageError(`--faults ${flags.faults}: expected a rate from 0 to 1`);
        const { printReadyLines, startSimulator } = await import('../simulate/index.js');
        const sim = await startSimulator({
          port,
          seed: flags.seed,
          threads,
          wenzhengMessages: flags.wenzheng ? parseNumberOption('--wenzheng', flags.wenzheng, { min: 0, integer: true }) : undefined,
          faults,
          robotsDisallow: !!flags.robots,
          gbk: !!flags.gbk,
          overstate: !!flags.overstate,
          start: flags.start,
          slowMs: flags.slowMs ? parseNumberOption('--slow-ms', flags.slowMs, { min: 0, integer: true }) : undefined,
          liuyanMessages: parseNumberOption('--liuyan', flags.liuyan, { min: 0, integer: true }),
          sunMessages: parseNumberOption('--sun', flags.sun, { min: 0, integer: true }),
          rednetMessages: parseNumberOption('--rednet', flags.rednet, { min: 0, integer: true }),
          liuyanAppCode: flags.liuyanAppCode,
          liuyanWafAfter: flags.liuyanWafAfter ? parseNumberOption('--liuyan-waf-after', flags.liuyanWafAfter, { min: 0, integer: true }) : undefined,
          liuyanWafLength: flags.liuyanWafLength ? parseNumberOption('--liuyan-waf-length', flags.liuyanWafLength, { min: 1, integer: true }) : undefined,
        });
        printReadyLines(sim);
        await new Promise<void>((resolve) => {
          const stop = () => resolve();
          process.once('SIGTERM', stop);
          process.once('SIGINT', stop);
        });
        await sim.close();
      }),
    );
}
