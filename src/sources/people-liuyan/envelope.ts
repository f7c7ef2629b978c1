/**
 * The two envelopes the board answers in. The unsigned form POST list (G1/G3) answers
 * `{result: "success", success: true, resultDesc, responseData: [...]}`; the signed G2 API
 * answers `{code: 0, msg: "ok", resultData: ...}`, and `{code: "SN0006", msg: "数据格式错误"}`
 * (HTTP 200) when the signature is wrong. An unknown envelope is a loud error, never data.
 */
import { ParseError, RequestRefusedError } from '../../extract/errors.js';
import { isObject, type JsonObject } from '../../extract/json-fields.js';

/**
 * The signed API refused the request's signature (`code: "SN0006"`): the signer's appCode or
 * algorithm no longer matches the site's front end. Never stored as data; a crawl may read the
 * message another way (the browser route).
 */
export class SignatureRefusedError extends RequestRefusedError {
  override name = 'SignatureRefusedError';
  constructor(url: string, readonly code: string, readonly siteMessage: string) {
    super(
      url,
      'signature',
      `the API refused the request signature: ${code} ${siteMessage}; the appCode or the signing rule of the site's front end changed`,
    );
  }
}

function parseJson(url: string, body: string): JsonObject {
  let json: unknown;
  try {
    json = JSON.parse(body.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new ParseError(url, 'JSON body', `${(e as Error).message}; the answer starts ${JSON.stringify(body.slice(0, 60))}`);
  }
  if (!isObject(json)) throw new ParseError(url, 'answer object', 'the answer is not a JSON object');
  return json;
}

/** The items of a form-POST list answer; throws unless `result` is "success". */
export function parseFormAnswer(url: string, body: string): unknown[] {
  const json = parseJson(url, body);
  if ('code' in json && !('result' in json)) return refuseSigned(url, json);
  if (json.result !== 'success' || json.success === false) {
    const desc = typeof json.resultDesc === 'string' ? json.resultDesc : '';
    throw new ParseError(url, 'result', `expected "success", got ${JSON.stringify(json.result)}${desc ? `: ${desc}` : ''}`);
  }
  if (!Array.isArray(json.responseData)) throw new ParseError(url, 'responseData', 'expected a list of messages');
  return json.responseData;
}

/** The `resultData` of a signed-API answer; SN0006 throws SignatureRefusedError. */
export function parseSignedAnswer(url: string, body: string): unknown {
  const json = parseJson(url, body);
  if (!('code' in json)) throw new ParseError(url, 'code', 'not an answer of the signed API');
  const code = json.code;
  if (code !== 0 && code !== '0' && code !== 200 && code !== '200') return refuseSigned(url, json);
  if (json.resultData === undefined || json.resultData === null) throw new ParseError(url, 'resultData');
  return json.resultData;
}

/** Whether an answer body is the signed API's signature refusal. */
export function isSignatureRefusal(body: string): boolean {
  try {
    const json = JSON.parse(body.replace(/^\uFEFF/, '')) as unknown;
    return isObject(json) && json.code === 'SN0006';
  } catch {
    return false;
  }
}

function refuseSigned(url: string, json: JsonObject): never {
  const msg = typeof json.msg === 'string' ? json.msg : '';
  if (json.code === 'SN0006') throw new SignatureRefusedError(url, 'SN0006', msg);
  throw new ParseError(url, 'code', `the API answered ${JSON.stringify(json.code)}${msg ? `: ${msg}` : ''}`);
}
