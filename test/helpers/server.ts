/** A small HTTP server on 127.0.0.1 (port 0) serving pages a test sets, logging requests. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Served {
  body: string | Buffer;
  contentType?: string;
  status?: number;
  headers?: Record<string, string>;
}

export interface FixtureServer {
  base: string;
  pages: Map<string, Served | ((count: number) => Served)>;
  requests: { t: number; url: string; status: number }[];
  close(): Promise<void>;
}

/** Starts the server; `pages` maps a path with query (e.g. `/forum-9-1.html`) to what it answers. */
export async function startFixtureServer(pages: Record<string, Served> = {}): Promise<FixtureServer> {
  const map: FixtureServer['pages'] = new Map(Object.entries(pages));
  const requests: FixtureServer['requests'] = [];
  const counts = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const url = req.url ?? '/';
    const n = (counts.get(url) ?? 0) + 1;
    counts.set(url, n);
    const entry = map.get(url);
    const page = typeof entry === 'function' ? entry(n) : entry;
    const status = page ? (page.status ?? 200) : 404;
    requests.push({ t: Date.now(), url, status });
    res.writeHead(status, { 'content-type': page?.contentType ?? 'text/html; charset=utf-8', ...page?.headers });
    res.end(page ? page.body : 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    pages: map,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
