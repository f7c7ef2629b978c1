/**
 * `is_reply` of 《问政湖南》: 0 未办理, 1 已办理, 2 办理中, 3 最新回应 (a unit has answered and
 * the exchange goes on). An unknown code is a loud error.
 */
import { ParseError } from '../../extract/errors.js';
import type { MessageStatus } from '../../model/extraction.js';

const CODES: Readonly<Record<string, { status: MessageStatus; word: string }>> = {
  '0': { status: 'pending', word: '未办理' },
  '1': { status: 'replied', word: '已办理' },
  '2': { status: 'in_progress', word: '办理中' },
  '3': { status: 'replied', word: '最新回应' },
};

/** The status and the site's word of an `is_reply` code. */
export function statusOfCode(url: string, code: unknown, field: string): { status: MessageStatus; word: string } {
  const known = CODES[String(code)];
  if (!known) throw new ParseError(url, field, `unknown is_reply code ${JSON.stringify(code)}`);
  return known;
}
