/** `wenzheng extract <source> <file>`: one saved page through its adapter, no network, no DB. */
import { readFileSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { readPage } from '../crawl/ingest.js';
import { getRequest } from '../model/request.js';
import { action, InputError } from './exit.js';
import { selectSources } from './options.js';
import { UsageError } from '../crawl/origins.js';

export function registerExtract(program: Command): void {
  program
    .command('extract')
    .description('run an adapter on one saved page (HTML or JSON) and print its Extraction as JSON')
    .argument('<source>', 'adapter id (see `wenzheng sources`)')
    .argument('<file>', 'the saved page')
    .option('--url <url>', 'public URL the page was fetched from (the page kind is inferred from it)')
    .option('--content-type <type>', 'Content-Type the page was served with (charset hint)')
    .action(
      action(async (sourceId: string, file: string, opts: { url?: string; contentType?: string }) => {
        const [adapter] = selectSources([sourceId]);
        let size: number;
        try {
          size = statSync(file).size;
        } catch {
          throw new InputError(`cannot read ${file}: no such file`);
        }
        if (size === 0) throw new InputError(`${file} is empty`);
        if (opts.url && !/^https?:\/\//.test(opts.url)) throw new UsageError(`--url ${opts.url}: expected an http(s) URL`);
        const url = opts.url ? adapter!.canonicalUrl(opts.url) : adapter!.baseUrl;
        // The crawl's own ingest path, stopped before storing: the same reading, the same errors.
        const x = readPage({
          adapter: adapter!,
          request: getRequest(url, adapter!.pageKindOf(url) ?? 'other'),
          bytes: readFileSync(file),
          contentType: opts.contentType ?? null,
        });
        process.stdout.write(`${JSON.stringify(x, null, 2)}\n`);
      }),
    );
}
