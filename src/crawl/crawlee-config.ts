/**
 * Crawlee's configuration for one crawl run: no storage of its own (the archive keeps what
 * survives a kill), and none of its system sampling. Crawlee measures the machine by spawning
 * `ps` (and `getconf`) when each crawler starts and every `systemInfoIntervalMillis`, to scale
 * its concurrency to the load; a run here has a fixed concurrency, so the samples steer
 * nothing, and each spawn forks the whole crawl process (tens of milliseconds of its one
 * thread; four per worker for `--workers N`).
 */
import { Configuration, EventManager } from '@crawlee/basic';
import { MemoryStorage } from '@crawlee/memory-storage';
import os from 'node:os';
import path from 'node:path';

/** Crawlee's events (persistState only), without the systemInfo samples a LocalEventManager takes. */
class QuietEventManager extends EventManager {}

/** The Configuration of one crawler whose Crawlee scratch space is under `dir`. */
export function crawleeConfig(dir: string): Configuration {
  const config = new Configuration({
    persistStorage: false,
    purgeOnStart: true,
    // Its default: a quarter of the machine's memory (stated, so it is not measured with `ps`).
    memoryMbytes: Math.round(os.totalmem() / 4 / 2 ** 20),
    storageClient: new MemoryStorage({ persistStorage: false, localDataDirectory: path.join(dir, 'crawlee') }),
  });
  config.useEventManager(new QuietEventManager(config));
  return config;
}
