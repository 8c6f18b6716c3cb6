import type { SchemaObject } from '@nestjs/swagger';
import { MESSAGE_STATUSES } from '@care/shared';

/**
 * OpenAPI schemas of the form fields Twilio posts (the ones the app reads; Twilio sends more, all
 * of which count for the signature). Documentation only: parsing is in twilio-webhook.params.ts.
 */
const MESSAGE_SID: SchemaObject = { type: 'string', pattern: '^(SM|MM)[0-9a-fA-F]{32}$', example: 'SM0123456789abcdef0123456789abcdef' };

export const INBOUND_WEBHOOK_FORM: SchemaObject = {
  type: 'object',
  required: ['MessageSid', 'From', 'To'],
  properties: {
    MessageSid: MESSAGE_SID,
    AccountSid: { type: 'string', example: 'AC00000000000000000000000000000000' },
    From: { type: 'string', description: "The patient's number, E.164", example: '+16175550111' },
    To: { type: 'string', description: 'The line (Twilio number), E.164', example: '+16175550100' },
    Body: { type: 'string', description: 'The text (may be empty for an MMS)' },
    MessagingServiceSid: { type: 'string', description: 'Set when the line is a Messaging Service' },
    NumMedia: { type: 'string', description: 'How many MediaUrlN/MediaContentTypeN pairs follow (0-10)', example: '0' },
    MediaUrl0: { type: 'string', description: 'First attachment (fetched by the server with the account credentials)' },
    MediaContentType0: { type: 'string', example: 'image/jpeg' },
    OptOutType: { type: 'string', enum: ['STOP', 'START', 'HELP'], description: "Twilio's Advanced Opt-Out classification, when enabled" },
  },
};

export const STATUS_WEBHOOK_FORM: SchemaObject = {
  type: 'object',
  required: ['MessageSid', 'MessageStatus'],
  properties: {
    MessageSid: MESSAGE_SID,
    AccountSid: { type: 'string', example: 'AC00000000000000000000000000000000' },
    MessageStatus: {
      type: 'string',
      enum: [...MESSAGE_STATUSES],
      description: 'Statuses only move forward: a late `sent` after `delivered` is ignored',
    },
    ErrorCode: { type: 'string', description: 'Twilio error code on `failed`/`undelivered` (e.g. 30006 landline)', example: '30003' },
  },
};

/** Error answers of both webhooks (JSON ApiErrorBody; Twilio only looks at the status). */
export const WEBHOOK_400 = { status: 400, description: 'A required field is missing or malformed (e.g. MessageSid is not a Twilio SID)' } as const;
export const WEBHOOK_403 = { status: 403, description: 'Missing or wrong X-Twilio-Signature; nothing is stored' } as const;
export const WEBHOOK_413 = { status: 413, description: 'Body over 64 KB' } as const;
