/**
 * Plain-language explanations of Twilio error codes (twilio-facts §7), shared by the server (which
 * stores `title. action` as a message's errorMessage) and the client (thread status line, bell).
 */

/** Something the app can offer to do about a failure, beyond the text. */
export type TwilioErrorSuggestionKind =
  /** 30006: the number is a landline; offer to mark the patient's phone as landline. */
  | 'mark-landline'
  /** 21610: the patient opted out; only their START re-opts them in. */
  | 'opted-out'
  /** 30007: carrier filtering; rephrase the text and check A2P 10DLC / toll-free registration. */
  | 'review-content'
  /** 30034, 30032, 30024: the sending line is not registered with carriers. */
  | 'register-sender'
  /** 21211, 21614, 30005…: check the patient's number. */
  | 'verify-number'
  /** Transient: the same text may go through later. */
  | 'retry-later'
  /** Configuration on our side (credentials, lines, webhooks): an admin must act. */
  | 'contact-admin';

export interface TwilioErrorSuggestion {
  kind: TwilioErrorSuggestionKind;
}

export interface ErrorExplanation {
  title: string;
  action: string;
  /** True when trying again later may succeed. */
  transient: boolean;
  /** What the app can offer (a button), when something more than reading the text helps. */
  suggestion?: TwilioErrorSuggestion;
}

const s = (kind: TwilioErrorSuggestionKind): TwilioErrorSuggestion => ({ kind });

const ADMIN = 'Ask an admin to check the Twilio set-up.';

const EXPLANATIONS: Readonly<Record<number, ErrorExplanation>> = {
  // Account and API
  20003: { title: 'Twilio rejected our credentials', action: ADMIN, transient: false, suggestion: s('contact-admin') },
  20404: { title: 'Twilio could not find that resource', action: ADMIN, transient: false, suggestion: s('contact-admin') },
  20429: { title: 'Twilio was busy', action: 'It will be retried automatically.', transient: true, suggestion: s('retry-later') },
  20500: { title: 'Twilio had an internal error', action: 'Try again in a few minutes.', transient: true, suggestion: s('retry-later') },

  // Refused when sending (synchronous)
  21211: { title: 'Not a valid phone number', action: "Check the patient's number.", transient: false, suggestion: s('verify-number') },
  21212: { title: 'The sending line has an invalid number', action: ADMIN, transient: false, suggestion: s('contact-admin') },
  21408: { title: 'Sending to this country is not enabled', action: 'Ask an admin to enable the region in Twilio.', transient: false, suggestion: s('contact-admin') },
  21602: { title: 'The message was empty', action: 'Type a message or attach a file.', transient: false },
  21603: { title: 'No sending line was given', action: ADMIN, transient: false, suggestion: s('contact-admin') },
  21604: { title: 'No recipient number was given', action: "Check the patient's number.", transient: false, suggestion: s('verify-number') },
  21606: { title: 'The line cannot send to this number', action: 'Pick another line or ask an admin.', transient: false, suggestion: s('contact-admin') },
  21608: { title: 'Trial account: this number is not verified', action: 'A trial Twilio account can only text verified numbers; ask an admin.', transient: false, suggestion: s('contact-admin') },
  21609: { title: 'Our status callback address was refused', action: ADMIN, transient: false, suggestion: s('contact-admin') },
  21610: { title: 'The patient opted out (texted STOP)', action: 'They must text START before you can message them.', transient: false, suggestion: s('opted-out') },
  21611: { title: 'The sending line is overloaded', action: 'Try again in a few minutes.', transient: true, suggestion: s('retry-later') },
  21612: { title: 'This number cannot receive texts', action: 'Call the patient or use another number.', transient: false, suggestion: s('verify-number') },
  21614: { title: 'Not a mobile number', action: 'Use a mobile number for this patient.', transient: false, suggestion: s('mark-landline') },
  21617: { title: 'Message too long', action: 'Shorten it to 1600 characters or less.', transient: false },
  21619: { title: 'The message was empty', action: 'Type a message or attach a file.', transient: false },
  21620: { title: 'An attachment address is invalid', action: 'Remove the attachment and try again.', transient: false },
  21623: { title: 'Too many attachments', action: 'Send at most 10 attachments per message.', transient: false },
  21624: { title: 'Invalid validity period', action: ADMIN, transient: false, suggestion: s('contact-admin') },
  21654: { title: 'Template variables without a template', action: ADMIN, transient: false, suggestion: s('contact-admin') },
  21701: { title: 'The Messaging Service does not exist', action: ADMIN, transient: false, suggestion: s('contact-admin') },
  21703: { title: 'The Messaging Service has no number for this destination', action: 'Pick another line or ask an admin.', transient: false, suggestion: s('contact-admin') },
  30409: { title: 'The message could not be canceled', action: 'It was already on its way.', transient: false },
  35114: { title: 'Scheduled time is too soon or too far away', action: 'Schedule between 5 minutes and 35 days ahead.', transient: false },
  35115: { title: 'Scheduled time is too soon or too far away', action: 'Schedule between 5 minutes and 35 days ahead.', transient: false },
  35117: { title: 'Scheduled time is too soon or too far away', action: 'Schedule between 5 minutes and 35 days ahead.', transient: false },
  35118: { title: 'Scheduling needs a Messaging Service line', action: 'Send it now, or use a Messaging Service line.', transient: false, suggestion: s('contact-admin') },
  90007: { title: 'Invalid validity period', action: ADMIN, transient: false, suggestion: s('contact-admin') },

  // Delivery (asynchronous, in status callbacks)
  30001: { title: 'Twilio’s queue for this line overflowed', action: 'Try again later; ask an admin about sending capacity.', transient: true, suggestion: s('retry-later') },
  30002: { title: 'The Twilio account is suspended', action: ADMIN, transient: false, suggestion: s('contact-admin') },
  30003: { title: "The patient's phone is unreachable", action: 'It may be off or out of coverage; try again later.', transient: true, suggestion: s('retry-later') },
  30004: { title: 'The message was blocked', action: 'The patient may have blocked this number; call them.', transient: false },
  30005: { title: 'The number does not exist', action: "Verify the patient's number.", transient: false, suggestion: s('verify-number') },
  30006: { title: 'This number is a landline or its carrier cannot be reached', action: 'Call the patient, or mark the number as a landline.', transient: false, suggestion: s('mark-landline') },
  30007: { title: 'Filtered by the carrier as spam', action: 'Rephrase the message (avoid link shorteners); ask an admin to check A2P registration.', transient: false, suggestion: s('review-content') },
  30008: { title: 'Unknown delivery error', action: 'Try again; call the patient if it keeps failing.', transient: true, suggestion: s('retry-later') },
  30022: { title: 'The line exceeded its carrier rate limit', action: 'Try again later.', transient: true, suggestion: s('retry-later') },
  30023: { title: 'The line reached its daily carrier limit', action: 'Try again tomorrow (the cap resets at midnight Pacific).', transient: true, suggestion: s('retry-later') },
  30024: { title: 'The sending number is not set up with carriers', action: ADMIN, transient: false, suggestion: s('register-sender') },
  30027: { title: 'T-Mobile’s daily limit for this line was reached', action: 'Try again tomorrow.', transient: true, suggestion: s('retry-later') },
  30032: { title: 'The toll-free line is not verified', action: 'An admin must complete toll-free verification.', transient: false, suggestion: s('register-sender') },
  30034: { title: 'Sending line not registered for A2P 10DLC', action: 'An admin must register the line with carriers.', transient: false, suggestion: s('register-sender') },
  30035: { title: 'The line is still being registered with carriers', action: 'Try again later.', transient: true, suggestion: s('retry-later') },
  30036: { title: 'The message waited too long in Twilio’s queue', action: 'Send it again.', transient: true, suggestion: s('retry-later') },
  30045: { title: 'Invalid validity period', action: ADMIN, transient: false, suggestion: s('contact-admin') },
  30410: { title: 'The carrier timed out', action: 'Try again later; it was not retried to avoid a duplicate.', transient: true, suggestion: s('retry-later') },
  30450: { title: 'Temporarily blocked by SMS pumping protection', action: 'Try again in 15 to 30 minutes.', transient: true, suggestion: s('retry-later') },

  // Our webhooks, as Twilio's debugger reports them
  11200: { title: 'Twilio could not reach our webhook', action: ADMIN, transient: true, suggestion: s('contact-admin') },
  11750: { title: 'Our webhook answer was too large for Twilio', action: ADMIN, transient: false, suggestion: s('contact-admin') },
  12300: { title: 'Our webhook answered with a bad content type', action: ADMIN, transient: false, suggestion: s('contact-admin') },
};

/** Every code with a specific explanation (anything else gets a generic one). */
export const EXPLAINED_TWILIO_ERROR_CODES: readonly number[] = Object.keys(EXPLANATIONS).map(Number);

export function explainTwilioError(code: number | null | undefined): ErrorExplanation | null {
  if (code === null || code === undefined) return null;
  return (
    EXPLANATIONS[code] ?? {
      title: `Twilio error ${code}`,
      action: `See https://www.twilio.com/docs/errors/${code}`,
      transient: false,
    }
  );
}

/** The text stored as a message's errorMessage: the explanation's title and action. */
export function twilioErrorText(code: number | null | undefined): string | null {
  const explanation = explainTwilioError(code);
  return explanation ? `${explanation.title}. ${explanation.action}` : null;
}
