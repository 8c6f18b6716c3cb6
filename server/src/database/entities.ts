import { Organization } from '../organizations/organization.entity';
import { Team } from '../organizations/team.entity';
import { User } from '../users/user.entity';
import { Patient } from '../patients/patient.entity';
import { PatientPhone } from '../patients/patient-phone.entity';
import { Line } from '../lines/line.entity';
import { Template } from '../templates/template.entity';
import { Conversation } from '../messaging/conversation.entity';
import { Message } from '../messaging/message.entity';
import { MessageStatusChange } from '../messaging/message-status-change.entity';
import { PhoneConsent } from '../consent/phone-consent.entity';
import { ConsentEvent } from '../consent/consent-event.entity';
import { EventLogEntry } from '../realtime/event-log-entry.entity';
import { AuditEntry } from '../audit/audit-entry.entity';
import { WebhookReceipt } from '../twilio/webhook-receipt.entity';
import { ConversationRead } from '../inbox/conversation-read.entity';
import { Notification } from '../notifications/notification.entity';
import { Attachment } from '../attachments/attachment.entity';

/** Every entity, listed once for the ORM config (Nest and the migration CLI share it). */
export const ENTITIES = [
  Organization,
  Team,
  User,
  Patient,
  PatientPhone,
  Line,
  Template,
  Conversation,
  Message,
  MessageStatusChange,
  PhoneConsent,
  ConsentEvent,
  EventLogEntry,
  AuditEntry,
  WebhookReceipt,
  ConversationRead,
  Notification,
  Attachment,
];
