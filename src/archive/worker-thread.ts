/**
 * Starting a worker thread whose entry is a module beside the caller (the raw store's writer,
 * the WAL checkpointer, re-extraction's body reader, the snapshot's table worker). Built, the
 * entry is `<name>.js`; run from the TypeScript sources (tests, tsx) the thread registers tsx
 * first and then imports `<name>.ts`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** A Worker running the module `name` of the folder of `from` (the caller's import.meta.url); throws when it cannot start. */
export function startWorker(from: string, name: string, options: WorkerOptions = {}): Worker {
  if (!from.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, from), options);
  const pkg = createRequire(from).resolve('tsx/package.json');
  const api = (JSON.parse(readFileSync(pkg, 'utf8')) as { exports: Record<string, { import: { default: string } }> }).exports['./esm/api']!.import.default;
  const tsx = pathToFileURL(path.join(path.dirname(pkg), api)).href;
  const entry = new URL(`./${name}.ts`, from).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`, { ...options, eval: true });
}
