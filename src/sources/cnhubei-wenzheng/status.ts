/**
 * 荆楚问政 status words and codes. The front end shows `cstatus` 3, 4 and 5 as answered; the
 * words seen are 待回复, 办理中, 已回复, 已办结 and 追问中 (a follow-up is open, so an answer
 * was given before). An unknown word is a loud error, never a silent default.
 */
import { ParseError } from '../../extract/errors.js';
import type { MessageStatus } from '../../model/extraction.js';

const WORDS: Readonly<Record<string, MessageStatus>> = {
  待回复: 'pending',
  办理中: 'in_progress',
  已回复: 'replied',
  已办结: 'replied',
  追问中: 'replied',
};

/** The contract status of a status word; ParseError naming the word when it is unknown. */
export function statusOfWord(url: string, word: string, field: string): MessageStatus {
  const status = WORDS[word];
  if (!status) throw new ParseError(url, field, `unknown status word "${word}"`);
  return status;
}

/** The contract status of a `cstatus` code (1 pending, 2 in progress, 3-5 answered). */
export function statusOfCode(url: string, code: number, field: string): MessageStatus {
  if (code >= 3 && code <= 5) return 'replied';
  if (code === 2) return 'in_progress';
  if (code === 1) return 'pending';
  throw new ParseError(url, field, `unknown status code ${code}`);
}

/**
 * A detail's status: answered when an official reply is there; otherwise the status word
 * (已办结 without any reply means closed without one), then the code.
 */
export function detailStatus(
  url: string,
  officialReplies: number,
  word: string | null,
  code: number | null,
): MessageStatus | null {
  const fromWord = word === null ? null : statusOfWord(url, word, 'sug.status_str');
  const fromCode = code === null ? null : statusOfCode(url, code, 'sug.cstatus');
  if (officialReplies > 0) return 'replied';
  if (word === '已办结') return 'closed';
  return fromWord ?? fromCode;
}
