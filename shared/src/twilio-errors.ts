/** Plain-language explanations of Twilio error codes, for the thread and the notification bell. */
export interface ErrorExplanation {
  title: string;
  action: string;
  /** True when trying again later may succeed. */
  transient: boolean;
}

const EXPLANATIONS: Record<number, ErrorExplanation> = {
  20429: { title: 'Twilio was busy', action: 'It will be retried automatically.', transient: true },
  21211: { title: 'Not a valid phone number', action: "Check the patient's number.", transient: false },
  21408: { title: 'Sending to this country is not enabled', action: 'Ask an admin to enable the region in Twilio.', transient: false },
  21610: { title: 'The patient opted out (texted STOP)', action: 'They must text START before you can message them.', transient: false },
  21611: { title: 'The sending line is overloaded', action: 'Try again in a few minutes.', transient: true },
  21612: { title: 'This number cannot receive texts', action: 'Call the patient or use another number.', transient: false },
  21614: { title: 'Not a mobile number', action: 'Use a mobile number for this patient.', transient: false },
  21617: { title: 'Message too long', action: 'Shorten it to 1600 characters or less.', transient: false },
  21606: { title: 'The line cannot send to this number', action: 'Pick another line or ask an admin.', transient: false },
  30003: { title: "The patient's phone is unreachable", action: 'It may be off or out of coverage; try again later.', transient: true },
  30004: { title: 'The message was blocked', action: 'The patient may have blocked this number; call them.', transient: false },
  30005: { title: 'The number does not exist', action: "Verify the patient's number.", transient: false },
  30006: { title: 'Landline or unreachable carrier', action: 'Call the patient or use a mobile number.', transient: false },
  30007: { title: 'Filtered by the carrier as spam', action: 'Rephrase the message; ask an admin about registration.', transient: false },
  30008: { title: 'Unknown delivery error', action: 'Try again; call the patient if it keeps failing.', transient: true },
  30034: { title: 'Sending line not registered for A2P 10DLC', action: 'An admin must register the line with carriers.', transient: false },
};

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
