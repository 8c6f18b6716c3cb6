import { explainTwilioError, type MessageDto, type MessageStatus, type TwilioErrorSuggestionKind } from '@care/shared';

export type StatusTone = 'muted' | 'progress' | 'ok' | 'error';

export interface StatusView {
  label: string;
  tone: StatusTone;
  /** Set for failed and undelivered messages. */
  problem: { title: string; action: string; suggestion: TwilioErrorSuggestionKind | null } | null;
}

const LABELS: Record<MessageStatus, { label: string; tone: StatusTone }> = {
  accepted: { label: 'Queued', tone: 'progress' },
  scheduled: { label: 'Scheduled', tone: 'progress' },
  queued: { label: 'Queued', tone: 'progress' },
  sending: { label: 'Sending', tone: 'progress' },
  sent: { label: 'Sent', tone: 'muted' },
  delivered: { label: 'Delivered', tone: 'ok' },
  read: { label: 'Read', tone: 'ok' },
  undelivered: { label: 'Undelivered', tone: 'error' },
  failed: { label: 'Failed', tone: 'error' },
  canceled: { label: 'Canceled', tone: 'muted' },
  receiving: { label: 'Receiving', tone: 'muted' },
  received: { label: 'Received', tone: 'muted' },
};

/** What the status line under a bubble says, with the plain-language reason for a failure. */
export function describeStatus(message: Pick<MessageDto, 'status' | 'errorCode' | 'errorMessage'>, pending = false): StatusView {
  if (pending) return { label: 'Sending…', tone: 'progress', problem: null };
  const base = LABELS[message.status] ?? { label: message.status, tone: 'muted' as const };
  if (message.status !== 'failed' && message.status !== 'undelivered') return { ...base, problem: null };
  const explanation = explainTwilioError(message.errorCode);
  if (explanation) return { ...base, problem: { title: explanation.title, action: explanation.action, suggestion: explanation.suggestion?.kind ?? null } };
  return {
    ...base,
    problem: { title: message.errorMessage || 'The message could not be delivered', action: 'Try again, or call the patient.', suggestion: null },
  };
}
