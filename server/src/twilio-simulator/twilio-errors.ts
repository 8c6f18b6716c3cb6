/** Twilio's JSON error body (twilio-facts §1.5). `detail` only appears on some errors, e.g. 20003. */
export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
  detail?: string;
}

/** Thrown by the REST handlers; the router turns it into Twilio's status and JSON body. */
export class TwilioApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'TwilioApiError';
  }

  toBody(): TwilioErrorBody {
    const body: TwilioErrorBody = {
      code: this.code,
      message: this.message,
      more_info: `https://www.twilio.com/docs/errors/${this.code}`,
      status: this.status,
    };
    if (this.detail !== undefined) body.detail = this.detail;
    return body;
  }
}

const badRequest = (code: number, message: string): TwilioApiError => new TwilioApiError(400, code, message);

/** Each error the simulator can answer, with Twilio's code and wording (twilio-facts §1.5, §7). */
export const twilioErrors = {
  authenticate: () => new TwilioApiError(401, 20003, 'Authenticate', 'Your AccountSid or AuthToken was incorrect.'),
  notFound: (path: string) => new TwilioApiError(404, 20404, `The requested resource ${path} was not found`),
  methodNotAllowed: () => new TwilioApiError(405, 20004, 'Method not allowed'),
  tooManyRequests: () => new TwilioApiError(429, 20429, 'Too Many Requests'),
  internal: () => new TwilioApiError(500, 20500, 'An internal server error has occurred'),
  invalidParameter: (name: string, value: string) => badRequest(20001, `Invalid ${name}: ${value}`),
  payloadTooLarge: () => new TwilioApiError(413, 20001, 'Request body is too large'),

  toRequired: () => badRequest(21604, "A 'To' phone number is required."),
  fromRequired: () => badRequest(21603, "A 'From' phone number is required."),
  bodyRequired: () => badRequest(21602, 'Message body is required.'),
  bodyTooLong: () => badRequest(21617, 'The concatenated message body exceeds the 1600 character limit.'),
  tooManyMedia: () => badRequest(21623, 'Number of media files exceeds allowed limit'),
  invalidMediaUrl: (url: string) => badRequest(21620, `Media URL ${url} is invalid.`),
  invalidStatusCallback: (url: string) => badRequest(21609, `The StatusCallback URL ${url} is not a valid URL.`),
  invalidTo: (to: string) => badRequest(21211, `The 'To' number ${to} is not a valid phone number.`),
  invalidFrom: (from: string) =>
    badRequest(21212, `The 'From' number ${from} is not a valid phone number, shortcode, or alphanumeric sender ID.`),
  fromNotOwned: (from: string) =>
    badRequest(
      21606,
      `The 'From' phone number provided (${from}) is not a valid message-capable Twilio phone number for this destination/account.`,
    ),
  unreachable: (to: string, from: string) =>
    badRequest(21612, `The 'To' phone number: ${to}, is not currently reachable using the 'From' phone number: ${from} via SMS.`),
  regionNotEnabled: (to: string) =>
    badRequest(21408, `Permission to send an SMS has not been enabled for the region indicated by the 'To' number: ${to}.`),
  unsubscribed: () => badRequest(21610, 'Attempt to send to unsubscribed recipient'),
  notMobile: (to: string) => badRequest(21614, `To number: ${to}, is not a mobile number`),
  // Twilio answers the test-credential number +15005550008 with HTTP 429 here, not 400.
  queueFull: () => new TwilioApiError(429, 21611, 'SMS queue is full.'),
  serviceNotFound: () => badRequest(21701, 'The Messaging Service does not exist'),
  serviceHasNoSender: () =>
    badRequest(21703, 'The Messaging Service does not have a phone number available to send a message'),
  cannotCancel: () => badRequest(30409, 'This message cannot be canceled'),
  invalidUpdateStatus: (status: string) => badRequest(20001, `Invalid Status: ${status}`),
} as const;

export type DeliveryFailureStatus = 'undelivered' | 'failed';

export interface DeliveryErrorInfo {
  message: string;
  /** `failed` when Twilio itself refuses to hand the message to a carrier; `undelivered` when a carrier reports it. */
  status: DeliveryFailureStatus;
}

/**
 * Asynchronous delivery errors (twilio-facts §7). 30034 (unregistered 10DLC sender) is blocked by
 * Twilio before any carrier sees it, so it ends `failed`; 30007 is carrier filtering after the
 * message was sent, so it ends `undelivered` like the other carrier receipts.
 */
export const DELIVERY_ERRORS: Readonly<Record<number, DeliveryErrorInfo>> = {
  30001: { message: 'Queue overflow', status: 'failed' },
  30002: { message: 'Account suspended', status: 'failed' },
  30003: { message: 'Unreachable destination handset', status: 'undelivered' },
  30004: { message: 'Message blocked', status: 'undelivered' },
  30005: { message: 'Unknown destination handset', status: 'undelivered' },
  30006: { message: 'Landline or unreachable carrier', status: 'undelivered' },
  30007: { message: 'Message filtered', status: 'undelivered' },
  30008: { message: 'Unknown error', status: 'undelivered' },
  30034: { message: 'US A2P 10DLC - Message from an Unregistered Number', status: 'failed' },
  30036: { message: 'Validity Period Expired', status: 'failed' },
  30410: { message: 'Provider Timeout Error', status: 'failed' },
  30450: { message: 'Message delivery blocked', status: 'failed' },
};

/** Unknown codes are treated as carrier receipts: `undelivered` with a generic message. */
export function deliveryErrorInfo(code: number): DeliveryErrorInfo {
  return DELIVERY_ERRORS[code] ?? { message: `Delivery failed with error ${code}`, status: 'undelivered' };
}
