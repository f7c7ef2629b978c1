/**
 * Block pages: what a site serves instead of content when it stops a crawler (WAF notices,
 * CAPTCHA forms), often with status 200. Never stored as data.
 */

const BLOCK_PATTERNS: [RegExp, string][] = [
  [/请求已被拦截|访问被拦截|已被拦截|拦截了您的访问/, 'WAF notice (拦截)'],
  [/网站防火墙|Web应用防火墙|安全狗|云锁|创宇盾|WAF/i, 'WAF page'],
  [/请输入验证码|输入验证码|滑动验证|安全验证|人机验证|captcha/i, 'CAPTCHA'],
  [/访问过于频繁|访问频率过高|请求过于频繁|too many requests/i, 'rate-limit notice'],
];

/**
 * Why a response looks like a block page, or null. Only short pages are checked for words:
 * a long board page may quote a citizen complaining about a "验证码".
 */
export function detectBlock(status: number, text: string): string | null {
  if (status === 403) return 'HTTP 403';
  if (status === 429) return 'HTTP 429';
  if (text.length > 12_000) return null;
  for (const [re, why] of BLOCK_PATTERNS) if (re.test(text)) return why;
  return null;
}
