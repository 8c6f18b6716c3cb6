/**
 * Domain events of messaging, emitted in-process (EventEmitter2) after the transaction that made
 * the change has committed. Other features (notifications, inbox, metrics) listen; messaging
 * imports none of them.
 */
export const MessagingEvents = {
  received: 'message.received',
  statusChanged: 'message.status-changed',
  consentChanged: 'consent.changed',
  sent: 'message.accepted',
} as const;

export interface MessageReceivedEvent {
  organizationId: string;
  messageId: string;
  conversationId: string;
  lineId: string;
  patientId: string | null;
  teamId: string | null;
  /** e.g. `possible-opt-out`: a free-text opt-out the care team should confirm. */
  flags?: string[];
}

export interface MessageStatusChangedEvent {
  organizationId: string;
  messageId: string;
  conversationId: string;
  patientId: string | null;
  teamId: string | null;
  status: string;
  errorCode: number | null;
  sentById: string | null;
}

export interface ConsentChangedEvent {
  organizationId: string;
  number: string;
  optedOut: boolean;
  patientId: string | null;
  teamId: string | null;
  source: string;
}

export interface MessageAcceptedEvent {
  organizationId: string;
  messageId: string;
  conversationId: string;
  patientId: string | null;
  sentById: string | null;
}
