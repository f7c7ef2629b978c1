/**
 * Entry of a measured child process: `node dist/test/bench/child.js <stage>.<task> '<json args>'`,
 * started by runChild (measure.ts) with an IPC channel. Loads only the stage it needs, runs
 * the task, and answers `{ ok, result, peakRssMb }` over IPC before exiting.
 */
import { setQuiet } from '../../src/crawl/log.js';
import { peakRssMb } from './measure.js';

type Task = (args: never) => Promise<unknown>;

const STAGES: Record<string, () => Promise<{ tasks: Record<string, Task> }>> = {
  crawl: () => import('./crawl.js'),
  reextract: () => import('./reextract.js'),
  snapshot: () => import('./snapshot.js'),
  serve: () => import('./serve.js'),
  parser: () => import('./parser.js'),
};

async function main(): Promise<void> {
  const [name = '', json = '{}'] = process.argv.slice(2);
  const [stage = '', taskName = ''] = name.split('.');
  const load = STAGES[stage];
  const task = load ? (await load()).tasks[taskName] : undefined;
  if (!task) throw new Error(`unknown bench task '${name}'`);
  setQuiet(true);
  const result = await task(JSON.parse(json) as never);
  await send({ ok: true, result, peakRssMb: peakRssMb() });
}

function send(message: unknown): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) {
      process.stdout.write(`${JSON.stringify(message)}\n`);
      resolve();
    } else process.send(message, () => resolve());
  });
}

main()
  .then(() => process.exit(0))
  .catch(async (err: unknown) => {
    await send({ ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    process.exit(1);
  });
