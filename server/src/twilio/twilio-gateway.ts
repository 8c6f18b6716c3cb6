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

/** One message as Twilio's list API reports it (for reconciliation). */
export interface TwilioListedMessage {
  sid: string;
  direction: 'inbound' | 'outbound-api' | 'outbound-call' | 'outbound-reply' | string;
  from: string | null;
  to: string;
  body: string;
  status: string;
  errorCode: number | null;
  numMedia: number;
  messagingServiceSid: string | null;
  dateSent: Date | null;
  /** When Twilio accepted it (second precision); set even while it is still queued. */
  dateCreated: Date | null;
}

export interface TwilioListFilter {
  to?: string;
  from?: string;
  /**
   * Only messages sent on or after this moment (Twilio's `DateSent>`). Leave it out to include
   * messages Twilio still holds in its queue (their date_sent is null until they go).
   */
  dateSentAfter?: Date;
  /** At most this many, newest first. */
  limit: number;
}

/** A media file streamed from Twilio (or wherever the media URL pointed). */
export interface FetchedMedia {
  status: number;
  contentType: string | null;
  contentLength: string | null;
  body: ReadableStream<Uint8Array> | null;
}

export abstract class TwilioGateway {
  abstract send(message: OutboundSms): Promise<TwilioMessageResult>;
  /** Twilio's message list (GET Messages.json with To/From/DateSent> filters), newest first. */
  abstract listMessages(filter: TwilioListFilter): Promise<TwilioListedMessage[]>;
  /**
   * Fetches a media URL Twilio gave us (MediaUrl{N}). Twilio's own URLs get the account's Basic
   * auth (media may be protected); no other host ever receives the credentials.
   */
  abstract fetchMedia(url: string): Promise<FetchedMedia>;
  /** Checks X-Twilio-Signature against the full public URL and the decoded form parameters. */
  abstract isValidSignature(signature: string, url: string, params: Record<string, string | string[]>): boolean;
}
