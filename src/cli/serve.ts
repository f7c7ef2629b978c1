/** `wenzheng serve`: read-only web UI and JSON API over the archive, until SIGTERM/SIGINT. */
import type { Command } from 'commander';
import { action, UsageError } from './exit.js';
import { parseNumberOption } from './options.js';

interface ServeFlags {
  port: string;
  host?: string;
}

const LOOPBACK = '127.0.0.1';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('read-only web UI and JSON API over the archive: search (Chinese full text), filters, messages, departments, overdue')
    .option('--port <n>', 'port (0 picks a free one)', '8080')
    .option('--host <host>', `address to listen on (default ${LOOPBACK}; anything else is reachable by others: a warning is printed)`)
    .action(
      action(async (flags: ServeFlags, cmd: Command) => {
        const port = parseNumberOption('--port', flags.port, { min: 0, integer: true });
        if (port > 65535) throw new UsageError(`--port ${flags.port}: expected a port from 0 to 65535`);
        const host = flags.host ?? LOOPBACK;
        const { openReadOnly } = await import('../archive/read-only.js');
        const { startServe } = await import('../serve/server.js');
        const archive = await openReadOnly(cmd.optsWithGlobals().db as string);
        try {
          if (flags.host !== undefined && host !== LOOPBACK && host !== 'localhost' && host !== '::1') {
            process.stderr.write(`wenzheng: warning: serving on ${host}: anyone who can reach this address can read the archive\n`);
          }
          const served = await startServe(archive, { host, port });
          process.stdout.write(`listening on ${served.url}\n`);
          await new Promise<void>((resolve) => {
            process.once('SIGTERM', resolve);
            process.once('SIGINT', resolve);
          });
          await served.close();
        } finally {
          archive.close();
        }
      }),
    );
}
