/** Twilio's default opt-out, opt-in and help keywords (twilio-facts §5). */
export const OPT_OUT_KEYWORDS = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT'] as const;
export const OPT_IN_KEYWORDS = ['START', 'YES', 'UNSTOP'] as const;
export const HELP_KEYWORDS = ['HELP', 'INFO'] as const;

export type KeywordKind = 'STOP' | 'START' | 'HELP';

const KIND_BY_KEYWORD = new Map<string, KeywordKind>([
  ...OPT_OUT_KEYWORDS.map((k) => [k, 'STOP'] as const),
  ...OPT_IN_KEYWORDS.map((k) => [k, 'START'] as const),
  ...HELP_KEYWORDS.map((k) => [k, 'HELP'] as const),
]);

/**
 * Twilio only reacts to a message that is a single keyword ("STOP PLEASE" is not one).
 * We match case-insensitively and ignore surrounding whitespace and trailing punctuation.
 */
export function classifyKeyword(body: string): KeywordKind | null {
  const word = body.trim().replace(/[.!?]+$/u, '').toUpperCase();
  if (word.length === 0 || /\s/u.test(word)) return null;
  return KIND_BY_KEYWORD.get(word) ?? null;
}

export const DEFAULT_KEYWORD_REPLIES: Record<KeywordKind, string> = {
  STOP: 'You have successfully been unsubscribed. You will not receive any more messages from this number. Reply START to resubscribe.',
  START:
    'You have successfully been re-subscribed to messages from this number. Reply HELP for help. Reply STOP to unsubscribe. Msg&Data Rates May Apply.',
  HELP: 'Reply STOP to unsubscribe. Msg&Data Rates May Apply.',
};
