import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { ConsentChangedEventData } from '@care/shared';
import { PhoneConsent } from './phone-consent.entity';
import { ConsentEvent, type ConsentSource } from './consent-event.entity';
import { Organization } from '../organizations/organization.entity';
import type { Line } from '../lines/line.entity';
import type { Message } from '../messaging/message.entity';
import { User } from '../users/user.entity';

export interface ConsentChange {
  number: string;
  optedOut: boolean;
  source: ConsentSource;
  keyword?: string | null;
  /** Twilio's OptOutType, when the inbound webhook carried one. */
  optOutType?: string | null;
  /** Staff's reason (source `staff`). */
  reason?: string | null;
  line?: Line | null;
  message?: Message | null;
  recordedById?: string | null;
}

export interface OptOutDetail {
  at: Date;
  source: ConsentSource;
}

export type ConsentChangeData = Omit<ConsentChangedEventData, 'patientId' | 'phoneId'>;

/** Consent per organisation and phone number: who may be texted, and the history of why. */
@Injectable()
export class ConsentService {
  constructor(private readonly em: EntityManager) {}

  /** For each opted-out number of the list: since when, and how (the latest opt-out event). */
  async optOutDetails(organizationId: string, numbers: string[], em: EntityManager = this.em): Promise<Map<string, OptOutDetail>> {
    if (numbers.length === 0) return new Map();
    const consents = await em.find(PhoneConsent, { organization: organizationId, number: { $in: numbers }, optedOut: true });
    if (consents.length === 0) return new Map();
    const events = await em.find(
      ConsentEvent,
      { organization: organizationId, number: { $in: consents.map((consent) => consent.number) }, optedOut: true },
      { orderBy: { createdAt: 'desc' } },
    );
    return new Map(
      consents.map((consent) => {
        const latest = events.find((event) => event.number === consent.number);
        return [consent.number, { at: consent.changedAt, source: latest?.source ?? 'sms-keyword' }];
      }),
    );
  }

  /** Numbers (of the given list) that are opted out in this organisation. */
  async optedOutNumbers(organizationId: string, numbers: string[], em: EntityManager = this.em): Promise<Set<string>> {
    if (numbers.length === 0) return new Set();
    const rows = await em.find(PhoneConsent, { organization: organizationId, number: { $in: numbers }, optedOut: true });
    return new Set(rows.map((row) => row.number));
  }

  async isOptedOut(organizationId: string, number: string, em: EntityManager = this.em): Promise<boolean> {
    return (await this.optedOutNumbers(organizationId, [number], em)).has(number);
  }

  /**
   * Records a consent change inside the caller's transaction. Returns the event data to push,
   * or null when the number was already in that state (the history still records the request).
   */
  async change(tx: EntityManager, organizationId: string, change: ConsentChange): Promise<ConsentChangeData | null> {
    return (await this.record(tx, organizationId, change)).changed;
  }

  /** As `change`, also returning the history entry written. */
  async record(tx: EntityManager, organizationId: string, change: ConsentChange): Promise<{ event: ConsentEvent; changed: ConsentChangeData | null }> {
    const organization = tx.getReference(Organization, organizationId);
    let consent = await tx.findOne(PhoneConsent, { organization: organizationId, number: change.number });
    const changed = consent ? consent.optedOut !== change.optedOut : change.optedOut;
    if (!consent) {
      consent = new PhoneConsent(organization, change.number, change.optedOut);
      tx.persist(consent);
    } else if (changed) {
      consent.optedOut = change.optedOut;
      consent.changedAt = new Date();
    }
    const event = new ConsentEvent(organization, change.number, change.optedOut, change.source);
    event.keyword = change.keyword ?? null;
    event.optOutType = change.optOutType ?? null;
    event.reason = change.reason ?? null;
    event.line = change.line ?? null;
    event.message = change.message ?? null;
    event.recordedBy = change.recordedById ? tx.getReference(User, change.recordedById) : null;
    tx.persist(event);
    if (!changed) return { event, changed: null };
    return { event, changed: { number: change.number, optedOut: change.optedOut, source: change.source, at: event.createdAt.toISOString() } };
  }

  /** The history of these numbers in the organisation, newest first (offset paging). */
  history(organizationId: string, numbers: string[], page: { offset: number; limit: number }, em: EntityManager = this.em): Promise<ConsentEvent[]> {
    if (numbers.length === 0) return Promise.resolve([]);
    return em.find(
      ConsentEvent,
      { organization: organizationId, number: { $in: numbers } },
      { populate: ['recordedBy'], orderBy: { createdAt: 'desc', id: 'desc' }, limit: page.limit, offset: page.offset },
    );
  }
}
