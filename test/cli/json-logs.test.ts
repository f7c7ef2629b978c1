/**
 * `--log-format json`: every stderr line is one JSON object and the last one is the run report
 * ("run finished" with the exit code and the counts); a reader that closes the pipe early
 * (`wenzheng stats | head -1`) ends the output quietly, with no stack trace.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulate/index.js';
import { BIN, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

let sim: Simulator;
let db: string;

beforeAll(async () => {
  // Faults make the crawl retry and warn, so more than one kind of line reaches stderr.
  sim = await startSimulator({ port: 0, seed: 'json-logs', threads: 12, wenzhengMessages: 0, faults: 0.3, slowMs: 50 });
  db = path.join(tempDir('wz-jsonlogs-'), 'a.sqlite');
});

afterAll(async () => {
  await sim?.close();
});

/** Every line of `stderr` parsed as JSON; a line that is not JSON fails the test naming it. */
function jsonLines(stderr: string): Record<string, unknown>[] {
  return stderr
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => {
      try {
        const v = JSON.parse(l) as unknown;
        if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('not an object');
        return v as Record<string, unknown>;
      } catch {
        throw new Error(`stderr line is not a JSON object: ${l}`);
      }
    });
}

describe('--log-format json', () => {
  it('a crawl writes only JSON lines on stderr, the last one the run report with the exit code and counts', async () => {
    const origin = `cnhubei-minsheng=${sim.origins['cnhubei-minsheng']}`;
    const res = await runCli(['--log-format', 'json', '--db', db, 'crawl', 'cnhubei-minsheng', '--origin', origin, '--rate', '0']);
    expect([0, 3]).toContain(res.code);
    const lines = jsonLines(res.stderr);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) {
      expect(typeof l.t).toBe('string');
      expect(['debug', 'info', 'warn', 'error']).toContain(l.level);
    }
    const last = lines.at(-1)!;
    expect(last.event).toBe('run finished');
    expect(last.command).toBe('crawl');
    expect(last.exitCode).toBe(res.code);
    // The counts agree with the run report on stdout (text format).
    const requests = Number(/requests\s+(\d+)/.exec(res.stdout)?.[1]);
    expect(requests).toBeGreaterThan(12);
    expect(last.requests).toBe(requests);
    expect(last.newMessages).toBe(Number(/messages\s+(\d+) new/.exec(res.stdout)?.[1]));
    expect(lines.filter((l) => l.event === 'run finished')).toHaveLength(1);
  });

  it('a usage error is a JSON error line and a run report with exit code 2', async () => {
    const res = await runCli(['--log-format', 'json', '--db', db, 'crawl', '--no-such-flag']);
    expect(res.code).toBe(2);
    const lines = jsonLines(res.stderr);
    expect(lines.some((l) => l.level === 'error' && String(l.msg).includes('--no-such-flag'))).toBe(true);
    expect(lines.at(-1)).toMatchObject({ event: 'run finished', exitCode: 2 });
  });

  it('a failing command reports its error and exit code as JSON', async () => {
    const res = await runCli(['--log-format', 'json', '--db', db, 'snapshot', '--date', '2021-02-30']);
    expect(res.code).toBe(2);
    const lines = jsonLines(res.stderr);
    expect(lines.at(-1)).toMatchObject({ event: 'run finished', command: 'snapshot', exitCode: 2 });
    expect(String(lines.at(-1)!.error)).toContain('2021-02-30');
  });

  it('text logs stay text and carry no run report line', async () => {
    const res = await runCli(['--db', db, 'stats', '--by', 'nosuch']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/^wenzheng: --by nosuch/);
    expect(res.stderr).not.toContain('run finished');
  });
});

describe('a closed pipe on stdout', () => {
  /** Runs `wenzheng <args> | <reader>` in bash; resolves with wenzheng's own exit status and stderr. */
  function piped(args: string[], reader: string): Promise<{ status: number; stderr: string; read: string }> {
    const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    return new Promise((resolve, reject) => {
      const child = spawn('bash', ['-c', `${quoted} | ${reader}; echo "status=\${PIPESTATUS[0]}" >&2`], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      let read = '';
      child.stdout.on('data', (d) => (read += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('error', reject);
      child.on('close', () => {
        const m = /status=(\d+)\s*$/.exec(stderr);
        resolve({ status: Number(m?.[1]), stderr: stderr.replace(/status=\d+\s*$/, ''), read });
      });
    });
  }

  it('`stats | head -1` prints the first line and exits 0 without a stack trace', async () => {
    const res = await piped(['--db', db, 'stats'], 'head -1');
    expect(res.read).toBe('{\n');
    expect(res.status).toBe(0);
    expect(res.stderr).toBe('');
  });

  it('a reader that reads nothing (`| true`) still gives exit 0 and no stack trace', async () => {
    const res = await piped(['--db', db, 'stats', '--format', 'csv'], 'true');
    expect(res.status).toBe(0);
    expect(res.stderr).not.toMatch(/EPIPE|Error|at /);
  });
});
