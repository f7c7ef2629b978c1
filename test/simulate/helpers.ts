/** Shared helpers of the simulator tests: fetching from a running simulator. */
import * as cheerio from 'cheerio';
import type { Simulator, Truth, TruthMessage } from '../../src/simulate/index.js';

/** GETs a simulator path and returns status, headers and text. */
export async function get(sim: Simulator, path: string): Promise<{ status: number; headers: Headers; text: string }> {
  const res = await fetch(sim.url + path);
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** GETs a simulator path as bytes. */
export async function getBytes(sim: Simulator, path: string): Promise<{ status: number; headers: Headers; bytes: Uint8Array }> {
  const res = await fetch(sim.url + path);
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}

/** GETs a simulator path and parses it with cheerio. */
export async function page(sim: Simulator, path: string): Promise<cheerio.CheerioAPI> {
  return cheerio.load((await get(sim, path)).text);
}

/** GETs a JSON answer. */
export async function json<T = any>(sim: Simulator, path: string): Promise<T> {
  return (await (await fetch(sim.url + path)).json()) as T;
}

/** The ground truth. */
export function truth(sim: Simulator): Promise<Truth> {
  return json<Truth>(sim, '/__sim/truth');
}

/** POST /__sim/advance. */
export async function advance(sim: Simulator, hours: number): Promise<string> {
  const res = await fetch(`${sim.url}/__sim/advance?hours=${hours}`, { method: 'POST' });
  return ((await res.json()) as { now: string }).now;
}

/** Truth messages of one board. */
export const ofBoard = (t: Truth, source: TruthMessage['source']): TruthMessage[] => t.messages.filter((m) => m.source === source);

/** The simulator path of a public URL. */
export function local(publicUrl: string): string {
  return publicUrl.replace('http://bbs.cnhubei.com', '/bbs').replace('http://api.wz.cnhubei.com', '/wz').replace('http://news.cnhubei.com', '/news');
}

/** `2021-3-2 10:05` or `2021-3-2 10:05:00` (Beijing) as ISO +08:00. */
export function discuzToIso(s: string): string {
  const m = s.match(/(\d{4})-(\d{1,2})-(\d{1,2}) (\d{2}):(\d{2})(?::(\d{2}))?/);
  if (!m) throw new Error(`not a Discuz time: ${s}`);
  const p = (x: string | undefined) => (x ?? '0').padStart(2, '0');
  return `${m[1]}-${p(m[2])}-${p(m[3])}T${p(m[4])}:${p(m[5])}:${p(m[6])}+08:00`;
}
