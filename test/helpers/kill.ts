/** Killing a crawl mid-run, as a machine failure would, once it has done enough to be worth resuming. */
import type { ChildProcess } from 'node:child_process';

/**
 * Sends SIGKILL to `child` as soon as `ready()` holds (checked every `pollMs`), then waits for it
 * to close. Rejects (after killing it) when `ready()` has not held within `timeoutMs`.
 */
export async function killWhen(child: ChildProcess, ready: () => boolean, opts: { pollMs?: number; timeoutMs?: number } = {}): Promise<void> {
  const closed = new Promise((resolve) => child.once('close', resolve));
  await new Promise<void>((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (ready()) {
        clearInterval(timer);
        child.kill('SIGKILL');
        resolve();
      } else if (Date.now() - started > (opts.timeoutMs ?? 60_000)) {
        clearInterval(timer);
        child.kill('SIGKILL');
        reject(new Error('the crawl never got going'));
      }
    }, opts.pollMs ?? 20);
  });
  await closed;
}
