import type { MessageStatus } from '@care/shared';

/** What the product asks of Twilio. The SDK lives behind this port (one implementation, one file). */
export interface OutboundSms {
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  mediaUrls: string[];
  /** Deliver as one MMS even without media (long text). */
  sendAsMms: boolean;
  statusCallbackUrl: string;
}

export interface TwilioMessageResult {
  sid: string;
  status: MessageStatus;
  errorCode: number | null;
  errorMessage: string | null;
}

/** Twilio refused or could not be reached. `code` is Twilio's error code when it answered. */
export class TwilioSendError extends Error {
  constructor(
    message: string,
    readonly code: number | null,
    readonly httpStatus: number | null,
    /** True when the request may have reached Twilio (timeout): the message may exist there. */
    readonly ambiguous: boolean,
  ) {
    super(message);
    this.name = 'TwilioSendError';
  }

  /** 429, 5xx and network failures may succeed later; 4xx validation errors never will. */
  get retryable(): boolean {
    return this.httpStatus === null || this.httpStatus === 429 || this.httpStatus >= 500;
  }
}

export abstract class TwilioGateway {
  abstract send(message: OutboundSms): Promise<TwilioMessageResult>;
  /** Checks X-Twilio-Signature against the full public URL and the decoded form parameters. */
  abstract isValidSignature(signature: string, url: string, params: Record<string, string | string[]>): boolean;
}
