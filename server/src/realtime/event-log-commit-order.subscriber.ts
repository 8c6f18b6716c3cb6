import { ChangeSetType, type EventSubscriber, type FlushEventArgs } from '@mikro-orm/core';
import { EventLogEntry } from './event-log-entry.entity';

/**
 * Event ids must commit in order per organisation, so that a client that has seen id N can never
 * later miss an id below N. Holding a per-organisation advisory lock from the INSERT of the
 * event rows to COMMIT guarantees it. Taking it here, when the unit of work flushes (normally at
 * the end of the transaction), keeps it held for milliseconds instead of the whole transaction.
 */
export class EventLogCommitOrder implements EventSubscriber {
  async onFlush(args: FlushEventArgs): Promise<void> {
    const organizations = new Set<string>();
    for (const changeSet of args.uow.getChangeSets()) {
      if (changeSet.type === ChangeSetType.CREATE && changeSet.entity instanceof EventLogEntry) organizations.add(changeSet.entity.organizationId);
    }
    if (organizations.size === 0) return;
    if (!args.em.isInTransaction()) throw new Error('event_log rows must be written inside a transaction (em.transactional)');
    // Sorted, so two transactions touching the same organisations cannot deadlock.
    for (const organizationId of [...organizations].sort()) {
      await args.em.getConnection().execute('select pg_advisory_xact_lock(hashtext(?))', [`event_log:${organizationId}`], 'get', args.em.getTransactionContext());
    }
  }
}
