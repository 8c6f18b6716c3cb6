import { classifyKeyword } from './consent-keywords';

/**
 * Free-text opt-out detection. Since the FCC's 2025 rule a patient may revoke consent "by any
 * reasonable means", so a reply like "please stop texting me" must not be ignored just because it
 * is not one of Twilio's single-word keywords. These texts do NOT change consent (a human reads
 * them: "stop by the clinic" or "don't text me after 9" need judgement); the message is flagged
 * for the care team to confirm and, if so, record the opt-out on the patient's number.
 *
 * Deliberately narrow: the phrase must be about texting/messaging/contacting ("stop texting me",
 * "no more texts"), an explicit opt-out/unsubscribe/revoke word inside a sentence, or a message
 * that is nothing but "stop" with a politeness word ("STOP PLEASE", "please stop!"). A bare
 * "stop" elsewhere in a sentence ("stop by the clinic tomorrow", "can I stop my pills?") is not
 * flagged. English, plus a few common Spanish forms.
 */
export const MESSAGE_FLAGS = ['possible-opt-out'] as const;
export type MessageFlag = (typeof MESSAGE_FLAGS)[number];

const CONTACT_VERB = String.raw`(?:text(?:ing)?|txt(?:ing)?|messag(?:e|ing)|msg(?:ing)?|sms(?:ing)?|contact(?:ing)?|send(?:ing)? (?:me )?(?:texts?|messages?|these|this)|call(?:ing)? (?:or|and|\/) text(?:ing)?)`;
const MESSAGES_NOUN = String.raw`(?:texts?|txts?|text messages?|messages?|msgs?|sms|notifications?|reminders?|alerts?)`;

const PATTERNS: readonly RegExp[] = [
  // "stop texting me", "please stop messaging us", "stop sending me texts", "quit texting"
  new RegExp(String.raw`\b(?:stop|quit|cease|end)\s+${CONTACT_VERB}\b`),
  // "stop the texts", "stop all these messages"
  new RegExp(String.raw`\b(?:stop|quit|end)\s+(?:(?:all|the|these|those|your|my)\s+)*${MESSAGES_NOUN}\b`),
  // "don't text me", "do not contact me", "never message me again", "no texting me"
  new RegExp(String.raw`\b(?:don'?t|do not|dont|never|no)\s+${CONTACT_VERB}\s+(?:me|us|this number)\b`),
  // "no more texts", "no more text messages please"
  new RegExp(String.raw`\bno more\s+${MESSAGES_NOUN}\b`),
  // "I don't want (any more|these) texts", "do not want to receive messages"
  new RegExp(String.raw`\b(?:don'?t|do not|dont) want\s+(?:to (?:get|receive)\s+)?(?:any\s*more\s+|these\s+|your\s+|any\s+)?${MESSAGES_NOUN}\b`),
  // "cancel (these|my) texts", "cancel the reminders" (not "cancel my appointment")
  new RegExp(String.raw`\bcancel\s+(?:all\s+|these\s+|the\s+|my\s+|your\s+)?(?:${MESSAGES_NOUN}|subscription)\b`),
  // explicit words anywhere in a longer text
  /\bunsubscribe\b/,
  /\bopt(?:[\s-]?out|ing out)\b/,
  /\brevoke\b/,
  /\bwithdraw (?:my )?consent\b/,
  // "remove me from this list", "take me off your list"
  /\b(?:remove|take) me (?:from|off)\b/,
  /\bleave me alone\b/,
  // Spanish: "no me envíen más mensajes", "no más mensajes", "ya no quiero mensajes"
  /\bno m[aá]s (?:mensajes|textos)\b/,
  /\bno me (?:env[ií]en|manden|escriban)\b/,
  /\bno quiero (?:recibir )?(?:m[aá]s )?(?:mensajes|textos)\b/,
];

/** The whole message is "stop" with only politeness or emphasis around it: "STOP PLEASE", "pls stop!!". */
const BARE_STOP = /^(?:(?:please|pls|plz|ok|okay)\s+)?(?:stop|alto|basta)(?:\s+(?:it|now|please|pls|plz|all|this|these|them|already|thanks|thank you))*$/;

function normalise(body: string): string {
  return body
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc]/gu, "'")
    .replace(/[^\p{L}\p{N}'\s/-]+/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

/**
 * True when an inbound text reads like the patient wants no more texts but is not one of Twilio's
 * keywords (those are handled by `classifyKeyword` and change consent directly).
 */
export function detectFreeTextOptOut(body: string): boolean {
  if (classifyKeyword(body) !== null) return false;
  const text = normalise(body);
  if (text.length === 0) return false;
  if (BARE_STOP.test(text)) return true;
  return PATTERNS.some((pattern) => pattern.test(text));
}
