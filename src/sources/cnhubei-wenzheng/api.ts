/**
 * The envelope of every 荆楚问政 API answer (its fields are read with src/extract/json-fields.ts).
 * Every answer is `{ "state": true|false, "message": "...", "data": { "common": { "app":
 * <payload>, "total": <pages> } } }`; numbers sometimes come as strings (`"id": "2900"`).
 */
import { ParseError } from '../../extract/errors.js';
import { isObject } from '../../extract/json-fields.js';

/** The payload of an answer and its page total, when the answer carries one. */
export interface ApiAnswer {
  app: unknown;
  total: unknown;
}

/**
 * Parses the text of an API answer and unwraps `data.common`. Throws ParseError for text that
 * is not JSON, for `state: false` (with the site's message) and for a missing `data.common.app`.
 */
export function parseApiAnswer(url: string, body: string): ApiAnswer {
  let json: unknown;
  try {
    json = JSON.parse(body.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new ParseError(url, 'JSON body', (e as Error).message);
  }
  if (!isObject(json)) throw new ParseError(url, 'answer object', 'the answer is not a JSON object');
  if (!('state' in json)) throw new ParseError(url, 'state');
  const state = json.state;
  if (state === false || state === 'false' || state === 0 || state === '0') {
    throw new ParseError(url, 'state', `state is false: ${String(json.message ?? '')}`);
  }
  if (state !== true && state !== 'true' && state !== 1 && state !== '1') {
    throw new ParseError(url, 'state', `unexpected value ${JSON.stringify(state)}`);
  }
  const data = json.data;
  if (!isObject(data)) throw new ParseError(url, 'data');
  const common = data.common;
  if (!isObject(common)) throw new ParseError(url, 'data.common');
  if (common.app === undefined || common.app === null) throw new ParseError(url, 'data.common.app');
  return { app: common.app, total: common.total };
}
