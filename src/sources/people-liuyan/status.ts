/**
 * The board's status words (`stateInfo`) to the contract's statuses. Words seen by peers
 * (DOMAIN-liuyan.md 1.2): 待回复, 办理中, 已办理; also 处理中, 已回复, 受理. An unknown word is a
 * loud error: a new word must be read by a person before it is counted.
 */
import { ParseError } from '../../extract/errors.js';
import type { MessageStatus } from '../../model/extraction.js';

const WORDS: Record<string, MessageStatus> = {
  待回复: 'pending',
  未回复: 'pending',
  待处理: 'pending',
  受理: 'in_progress',
  已受理: 'in_progress',
  办理中: 'in_progress',
  处理中: 'in_progress',
  已办理: 'replied',
  已回复: 'replied',
  已答复: 'replied',
};

/**
 * The status of a message: `replied` when an official answer is shown, else the status word's.
 * Null when the item has no word and no answer.
 */
export function liuyanStatus(url: string, word: string | null, answered: boolean, field: string): MessageStatus | null {
  if (word !== null && !(word in WORDS)) throw new ParseError(url, field, `unknown status word ${JSON.stringify(word)}`);
  if (answered) return 'replied';
  return word === null ? null : (WORDS[word] ?? null);
}
