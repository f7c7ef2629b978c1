/** `wenzheng simulate`: serves the offline board simulator until SIGTERM/SIGINT. */
import type { Command } from 'commander';

import { action, InputError, UsageError } from './exit.js';
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
  latencyMs: string;
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
    .option('--latency-ms <ms>', 'every board answer waits this long first, like a far server (benchmarks of many workers)', '0')
    .option('--liuyan <n>', '领导留言板 messages before the start', '0')
    .option('--sun <n>', '阳光热线问政平台 (Dongguan) messages before the start', '0')
    .option('--rednet <n>', '红网《问政湖南》 messages before the start', '0')
    .option('--liuyan-app-code <code>', 'the appCode the 领导留言板 front end signs with (default: the adapter\'s)')
    .option('--liuyan-waf-after <n>', 'after this many 领导留言板 API POSTs every POST gets 403 (a WAF burst)')
    .option('--liuyan-waf-length <n>', 'how many POSTs the burst lasts (default: for good)')
    .addHelpText(
      'after',
      `
Prints "listening on <url>" and one "origin <source>=<base>" line per board, then serves until
Ctrl-C or SIGTERM. Control endpoints (JSON):
  GET    /__sim/truth              what the boards hold now (messages, replies, reports)
  POST   /__sim/advance?hours=H    let H simulated hours pass (new messages, replies, status changes)
  GET    /__sim/requests           every request served so far (method, url, body of POSTs, status)
  DELETE /__sim/requests           empty that log
  GET    /__sim/config             seed, sizes, start, simulated now, faults
Example: curl -X POST 'http://127.0.0.1:8123/__sim/advance?hours=24'
`,
    )
    .action(
      action(async (flags: SimulateFlags) => {
        const port = parseNumberOption('--port', flags.port, { min: 0, integer: true });
        const faults = parseNumberOption('--faults', flags.faults, { min: 0 });
        const threads = parseNumberOption('--threads', flags.threads, { min: 0, integer: true });
        if (faults > 1) throw new UsageError(`--faults ${flags.faults}: expected a rate from 0 to 1`);
        if (flags.start !== undefined && !Number.isFinite(Date.parse(flags.start))) throw new UsageError(`--start ${flags.start}: expected an ISO 8601 time`);
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
          latencyMs: parseNumberOption('--latency-ms', flags.latencyMs, { min: 0 }),
          liuyanMessages: parseNumberOption('--liuyan', flags.liuyan, { min: 0, integer: true }),
          sunMessages: parseNumberOption('--sun', flags.sun, { min: 0, integer: true }),
          rednetMessages: parseNumberOption('--rednet', flags.rednet, { min: 0, integer: true }),
          liuyanAppCode: flags.liuyanAppCode,
          liuyanWafAfter: flags.liuyanWafAfter ? parseNumberOption('--liuyan-waf-after', flags.liuyanWafAfter, { min: 0, integer: true }) : undefined,
          liuyanWafLength: flags.liuyanWafLength ? parseNumberOption('--liuyan-waf-length', flags.liuyanWafLength, { min: 1, integer: true }) : undefined,
        }).catch((err: NodeJS.ErrnoException) => {
          throw listenError(err, port);
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

/** A server that cannot listen is bad input (exit 2), named by the flag; other errors pass. */
function listenError(err: NodeJS.ErrnoException, port: number): Error {
  if (err.code === 'EADDRINUSE') return new InputError(`--port ${port}: address 127.0.0.1:${port} is already in use (another simulator? --port 0 picks a free one)`);
  if (err.code === 'EACCES') return new InputError(`--port ${port}: not allowed to listen there (ports below 1024 need privileges; --port 0 picks a free one)`);
  if (err instanceof RangeError) return new UsageError(err.message.replace(/^(\w+)/, (k) => OPTION_FLAGS[k] ?? k));
  return err;
}

/** The flag of each simulator option its range errors name. */
const OPTION_FLAGS: Record<string, string> = {
  threads: '--threads',
  wenzhengMessages: '--wenzheng',
  liuyanMessages: '--liuyan',
  sunMessages: '--sun',
  rednetMessages: '--rednet',
  start: '--start',
};
