/**
 * Status words of 阳光热线问政平台, as its lists and message pages print them. A message is
 * 待受理 until the hotline takes it, 已受理 / 处理中 while a unit works on it, 已回复 once the
 * unit's answer is public; 不予受理 ends it without an answer. An unknown word is a loud error.
 */
import { ParseError } from '../../extract/errors.js';
import type { MessageStatus } from '../../model/extraction.js';

const WORDS: Readonly<Record<string, MessageStatus>> = {
  待受理: 'pending',
  已受理: 'in_progress',
  处理中: 'in_progress',
  办理中: 'in_progress',
  已回复: 'replied',
  已办结: 'replied',
  不予受理: 'closed',
};

/** The contract status of a status word; ParseError naming the word and field when unknown. */
export function sunStatusOf(url: string, word: string, field: string): MessageStatus {
  const status = WORDS[word];
  if (!status) throw new ParseError(url, field, `unknown status word "${word}"`);
  return status;
}
