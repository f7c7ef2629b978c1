/**
 * One run at a time per archive: a lock file beside it naming its owner (pid, host, boot and
 * the process's start time). A lock is taken over only when its owner is provably gone: the
 * pid no longer exists, or exists but started at another time (the pid was reused), or the
 * machine has rebooted since. A lock written on another host (a shared folder, a container
 * with its own pids) is never taken over: its pid means nothing here, even when it equals ours.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';

export class LockHeldError extends Error {
  override name = 'LockHeldError';
  constructor(
    readonly file: string,
    readonly pid: number,
    where = '',
  ) {
    super(`another run (pid ${pid}${where}) holds the lock ${file}`);
  }
}

/** Who holds a lock. `boot` and `start` are null where /proc does not tell them. */
export interface LockOwner {
  pid: number;
  host: string;
  boot: string | null;
  start: string | null;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** When a process started (clock ticks since boot, /proc/<pid>/stat field 22), or null. */
export function processStart(pid: number): string | null {
  const stat = readOrNull(`/proc/${pid}/stat`);
  if (!stat) return null;
  // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
}

/** This machine's boot id, or null. */
function bootId(): string | null {
  return readOrNull('/proc/sys/kernel/random/boot_id')?.trim() ?? null;
}

/** The owner record of this process. */
export function currentOwner(): LockOwner {
  return { pid: process.pid, host: hostname(), boot: bootId(), start: processStart(process.pid) };
}

/** Parses a lock file: the JSON owner record, or a bare pid written by older versions. */
function parseOwner(text: string): LockOwner | null {
  const t = text.trim();
  if (/^\d+$/.test(t)) return { pid: Number(t), host: hostname(), boot: null, start: null };
  try {
    const o = JSON.parse(t) as Partial<LockOwner>;
    if (!Number.isInteger(o.pid) || (o.pid ?? 0) <= 0 || typeof o.host !== 'string') return null;
    return { pid: o.pid!, host: o.host, boot: o.boot ?? null, start: o.start ?? null };
  } catch {
    return null;
  }
}

/** Whether the owner of a lock is provably gone, so the lock may be taken over. */
function ownerGone(owner: LockOwner, me: LockOwner): boolean {
  if (owner.host !== me.host) return false;
  if (owner.boot && me.boot && owner.boot !== me.boot) return true;
  if (owner.start == null) return owner.pid === me.pid || !alive(owner.pid); // an older lock: the old rule
  if (owner.pid === me.pid) return owner.start !== me.start;
  if (!alive(owner.pid)) return true;
  const start = processStart(owner.pid);
  return start != null && start !== owner.start;
}

/** Takes the lock at `file`; returns its release function. Throws LockHeldError. */
export function acquireLock(file: string): () => void {
  const me = currentOwner();
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        rmSync(file, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const text = readOrNull(file);
      if (text === null) continue; // released meanwhile
      const owner = parseOwner(text);
      if (owner && !ownerGone(owner, me)) {
        throw new LockHeldError(file, owner.pid, owner.host !== me.host ? ` on ${owner.host}` : '');
      }
      rmSync(file, { force: true }); // stale (or unreadable garbage)
    }
  }
  throw new Error(`cannot take the lock ${file}`);
}
