/**
 * The request signer of the G2 API (`/v1/...`): every body is `{appCode, token, signature,
 * param}` where `param` is the JSON text of the real parameters and
 * `signature = md5(path + param + md5(appCode)[0:16] + token)`, path without its query. Key
 * order and the lack of spaces in `param` matter: the text signed is the text sent. A wrong
 * signature is answered HTTP 200 `{"code":"SN0006","msg":"数据格式错误"}`.
 */
import { createHash } from 'node:crypto';

/** The JSON body of a signed request, keys in the order the front end sends them. */
export interface SignedBody {
  appCode: string;
  token: string;
  signature: string;
  param: string;
}

/** Lower-case hex md5 of a UTF-8 string. */
export function md5(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

/** The signature of `param` (already serialised) for a request to `path`. */
export function signature(path: string, param: string, appCode: string, token = ''): string {
  const bare = path.replace(/[?#].*$/, '');
  return md5(bare + param + md5(appCode).slice(0, 16) + token);
}

/**
 * The body of a signed request: `param` is serialised with JSON.stringify in the key order
 * given (no spaces), then signed.
 */
export function signedBody(path: string, param: Record<string, unknown>, appCode: string, token = ''): SignedBody {
  const text = JSON.stringify(param);
  return { appCode, token, signature: signature(path, text, appCode, token), param: text };
}

/** Whether a received body carries the right signature for `path` under `appCode`. */
export function verifySignedBody(path: string, body: unknown, appCode: string): boolean {
  if (typeof body !== 'object' || body === null) return false;
  const b = body as Partial<Record<keyof SignedBody, unknown>>;
  if (typeof b.param !== 'string' || typeof b.signature !== 'string' || b.appCode !== appCode) return false;
  const token = typeof b.token === 'string' ? b.token : '';
  return b.signature === signature(path, b.param, appCode, token);
}
