/**
 * Fault injection: transient server trouble (5xx, slow answers, dropped connections,
 * truncated bodies, 429) and blocks (a WAF or CAPTCHA page served with HTTP 200). Decisions
 * are deterministic: the n-th attempt at a URL faults iff hash(seed, url, n) < rate, so the
 * same crawl meets the same faults whatever the request order, and a URL faults at most
 * `maxFaultsPerUrl` times in a row before it is served (a crawler with that many retries
 * always gets through). Faults never touch /__sim/* nor robots.txt.
 */
import { hash32 } from './rng.js';

/** Every kind of fault the simulator can produce. */
export type FaultKind = '500' | '502' | '503' | 'slow' | 'drop' | 'truncate' | '429' | 'waf' | 'captcha';

/** Kinds a `faults` rate mixes by default: the ones a retry gets past. */
export const TRANSIENT_FAULTS: readonly FaultKind[] = ['500', '502', '503', 'slow', 'drop', 'truncate', '429'];
/** Block pages: served with status 200; a crawler should stop (exit 4), not retry. */
export const BLOCK_FAULTS: readonly FaultKind[] = ['waf', 'captcha'];
/** All fault kinds. */
export const FAULT_KINDS: readonly FaultKind[] = [...TRANSIENT_FAULTS, ...BLOCK_FAULTS];

/** The wording of a 360/安全狗-style WAF block page. */
export const WAF_MARKER = '您的访问请求可能对网站造成安全威胁，请求已被拦截';
/** The wording of a CAPTCHA challenge page. */
export const CAPTCHA_MARKER = '请输入验证码';
/** A sentence both block pages carry. */
export const BLOCK_NOTICE = '访问过于频繁';
/**
 * Phrases that appear on the simulator's block pages and never on its content pages: a
 * crawler's block detector can be tested against them.
 */
export const BLOCK_PAGE_MARKERS: readonly string[] = [WAF_MARKER, CAPTCHA_MARKER, BLOCK_NOTICE];
/** A machine marker on every block page (`<meta name="wz-sim-block" content="waf|captcha">`). */
export const SIM_BLOCK_META = 'wz-sim-block';

/** Default hold of a slow answer: about twice the crawler's 10 s request timeout. */
export const DEFAULT_SLOW_MS = 20_000;

/** The HTML of a block page. */
export function blockPageHtml(kind: 'waf' | 'captcha', requestId: string): string {
  const main =
    kind === 'waf'
      ? `<h1>网站防火墙</h1>
<p class="warn">${WAF_MARKER}</p>
<p>您的访问过于频繁，如果您是网站管理员，请登录云防护控制台查看拦截日志。</p>`
      : `<h1>安全验证</h1>
<p class="warn">${CAPTCHA_MARKER}后继续访问</p>
<form method="post" action="/__captcha/verify"><img src="/__captcha/image?r=${requestId}" alt="验证码" /><input type="text" name="code" /><button type="submit">提交</button></form>`;
  return `<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8" />
<meta name="${SIM_BLOCK_META}" content="${kind}" />
<title>${kind === 'waf' ? '访问被拦截' : '安全验证'}</title>
</head>
<body>
<div class="block-page">
${main}
<p>${BLOCK_NOTICE}，请稍后再试。</p>
<p class="rid">请求编号：${requestId}</p>
</div>
</body>
</html>
`;
}

/** Fault settings of a simulator. */
export interface FaultOptions {
  seed: number;
  /** Probability (0..1) that an attempt at a URL faults. */
  rate: number;
  /** Kinds mixed at that rate (default: TRANSIENT_FAULTS). */
  kinds?: readonly FaultKind[];
  /** After this many board requests, every answer is a block (tests exit 4). */
  blockAfter?: number | null;
  /** What the repeated block is: a WAF page (default), a CAPTCHA page, or 403/429 answers. */
  blockKind?: 'waf' | 'captcha' | '403' | '429';
  /** At most this many consecutive faults per URL (default 2). */
  maxFaultsPerUrl?: number;
}

/** A decision for one request: a fault kind, a repeated block, or nothing. */
export type FaultDecision = { kind: FaultKind } | { block: 'waf' | 'captcha' | '403' | '429' } | null;

/** Decides, per request, whether and how to fail. */
export class FaultPlan {
  private readonly attempts = new Map<string, number>();
  private requests = 0;
  private readonly kinds: readonly FaultKind[];

  constructor(private readonly opts: FaultOptions) {
    this.kinds = opts.kinds?.length ? opts.kinds : TRANSIENT_FAULTS;
    if (!(opts.rate >= 0 && opts.rate <= 1)) throw new RangeError(`fault rate must be in 0..1, got ${opts.rate}`);
    for (const k of this.kinds) if (!FAULT_KINDS.includes(k)) throw new RangeError(`unknown fault kind ${k}`);
  }

  /** The decision for the next request of `method url`. */
  decide(method: string, url: string): FaultDecision {
    this.requests++;
    const { blockAfter } = this.opts;
    if (blockAfter != null && this.requests > blockAfter) return { block: this.opts.blockKind ?? 'waf' };
    if (this.opts.rate <= 0) return null;
    const key = `${method} ${url}`;
    const n = this.attempts.get(key) ?? 0;
    if (n >= (this.opts.maxFaultsPerUrl ?? 2)) {
      this.attempts.delete(key);
      return null;
    }
    if (hash32(this.opts.seed, 'fault', key, n) / 4294967296 >= this.opts.rate) {
      this.attempts.delete(key);
      return null;
    }
    this.attempts.set(key, n + 1);
    return { kind: this.kinds[hash32(this.opts.seed, 'fault-kind', key, n) % this.kinds.length]! };
  }

  /** Retry-After seconds for a 429 (1 or 2). */
  retryAfter(url: string): number {
    return 1 + (hash32(this.opts.seed, 'retry-after', url) % 2);
  }
}
