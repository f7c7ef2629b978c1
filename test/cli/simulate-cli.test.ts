/** `wenzheng simulate` as a user meets it: its help documents the control endpoints; bad flags and a busy port exit 2 with one line. */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('wenzheng simulate', () => {
  it('documents every control endpoint in --help', async () => {
    const res = await runCli(['simulate', '--help']);
    expect(res.code).toBe(0);
    for (const e of ['GET    /__sim/truth', 'POST   /__sim/advance?hours=H', 'GET    /__sim/requests', 'DELETE /__sim/requests', 'GET    /__sim/config']) expect(res.stdout).toContain(e);
  });

  it('a port in use exits 2 with one line naming the port', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const { port } = busy.address() as AddressInfo;
    try {
      const res = await runCli(['simulate', '--port', String(port), '--threads', '10'], { timeoutMs: 30_000 });
      expect(res.code).toBe(2);
      expect(res.stdout).toBe('');
      expect(res.stderr.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`^wenzheng: --port ${port}: .*already in use`))]);
    } finally {
      busy.close();
    }
  });

  it.each([
    [['--start', 'yesterday'], /^wenzheng: --start yesterday: expected an ISO 8601 time$/],
    [['--liuyan', '300000'], /^wenzheng: --liuyan must be an integer in 0\.\.200000, got 300000$/],
    [['--threads', '300000'], /^wenzheng: --threads must be an integer in 0\.\.200000, got 300000$/],
  ])('%j exits 2 with one line naming the flag', async (args, line) => {
    const res = await runCli(['simulate', '--port', '0', ...args], { timeoutMs: 30_000 });
    expect(res.code).toBe(2);
    expect(res.stderr.trim().split('\n')).toEqual([expect.stringMatching(line)]);
  });
});
