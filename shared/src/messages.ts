/** Wire shapes of messages, as the API and Socket.IO events carry them. */
import type { MessageFlag } from './free-text-opt-out';

export const MESSAGE_DIRECTIONS = ['inbound', 'outbound'] as const;
export type MessageDirection = (typeof MESSAGE_DIRECTIONS)[number];

/** Twilio's message statuses that matter to a care team, plus `received` for inbound. */
export const MESSAGE_STATUSES = [
  'accepted',
  'scheduled',
  'queued',
  'sending',
  'sent',
  'delivered',
  'undelivered',
  'failed',
  'canceled',
  'read',
  'receiving',
  'received',
] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export type MessageEncoding = 'GSM-7' | 'UCS-2';
export type MessageChannel = 'sms' | 'mms';

export interface MessageSender {
  id: string;
  name: string;
}

export interface MessageDto {
  id: string;
  patientId: string | null;
  conversationId: string;
  direction: MessageDirection;
  body: string;
  from: string;
  to: string;
  lineId: string;
  status: MessageStatus;
  errorCode: number | null;
  errorMessage: string | null;
  segments: number;
  encoding: MessageEncoding;
  channel: MessageChannel;
  media: string[];
  sentBy: MessageSender | null;
  clientMessageId: string | null;
  createdAt: string;
  twilioSid: string | null;
  /** When a `scheduled` message goes out (its `sendAt`, or the end of quiet hours). */
  scheduledFor?: string | null;
  /** The template the text was written from. */
  templateId?: string | null;
  /**
   * Marks for the care team, e.g. `possible-opt-out`: an inbound text that reads like a free-text
   * opt-out ("please stop texting me") but is not a keyword; consent is unchanged until confirmed.
   */
  flags?: MessageFlag[];
}
