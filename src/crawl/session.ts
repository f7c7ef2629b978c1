/**
 * Cookies per origin, for boards behind a WAF that hands out its cookies on a warm-up GET
 * (人民网《领导留言板》: `__jsluid_s`) and refuses POSTs without them. Only name=value pairs are
 * kept; a fresh warm-up replaces what an origin set before.
 */

/** A small cookie jar keyed by public origin. */
export class CookieJar {
  private readonly jars = new Map<string, Map<string, string>>();

  /** Remembers the cookies of a response's Set-Cookie headers for the origin of `publicUrl`. */
  remember(publicUrl: string, setCookies: readonly string[]): void {
    if (!setCookies.length) return;
    const origin = new URL(publicUrl).origin;
    const jar = this.jars.get(origin) ?? new Map<string, string>();
    for (const line of setCookies) {
      const pair = line.split(';')[0] ?? '';
      const eq = pair.indexOf('=');
      if (eq > 0) jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    this.jars.set(origin, jar);
  }

  /** The Cookie header for a public URL, or null when its origin set none. */
  header(publicUrl: string): string | null {
    const jar = this.jars.get(new URL(publicUrl).origin);
    if (!jar?.size) return null;
    return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** Forgets an origin's cookies (before a fresh warm-up). */
  forget(publicUrl: string): void {
    this.jars.delete(new URL(publicUrl).origin);
  }
}
