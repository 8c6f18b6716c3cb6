import { computeSegments } from '@care/shared';
import type { Organization } from '../organizations/organization.entity';
import type { Conversation } from './conversation.entity';
import { Message } from './message.entity';

/** Used when the organisation has not configured its own HELP reply. */
export function defaultHelpReply(organizationName: string): string {
  return `${organizationName}: text messages from your care team. Reply STOP to opt out, START to opt back in. In an emergency call 911.`;
}

export function helpReplyText(organization: Organization): string {
  const configured = organization.helpReply?.trim();
  return configured ? configured : defaultHelpReply(organization.name);
}

/**
 * The organisation's answer to a HELP/INFO text: an ordinary outbound message (stored, sent
 * through Twilio, status tracked), sent by nobody. Its idempotency key ties it to the inbound
 * message, so a replayed webhook can never send it twice.
 */
export function newHelpReply(conversation: Conversation, inboundSid: string, body: string): Message {
  return newAutoReply(conversation, `help-reply:${inboundSid}`, body);
}

/** Prefix of the idempotency key of after-hours replies (also how we find the last one sent). */
export const AFTER_HOURS_KEY_PREFIX = 'after-hours-reply:';

/** The organisation's after-hours answer to a text, tied to that inbound message like the HELP reply. */
export function newAfterHoursReply(conversation: Conversation, inboundSid: string, body: string): Message {
  return newAutoReply(conversation, `${AFTER_HOURS_KEY_PREFIX}${inboundSid}`, body);
}

function newAutoReply(conversation: Conversation, clientMessageId: string, body: string): Message {
  const segments = computeSegments(body);
  const line = conversation.line;
  return new Message({
    conversation,
    direction: 'outbound',
    body,
    from: line.number ?? line.messagingServiceSid ?? '',
    to: conversation.externalNumber,
    status: 'queued',
    segments: segments.segments,
    encoding: segments.encoding,
    channel: 'sms',
    sentBy: null,
    clientMessageId,
  });
}
