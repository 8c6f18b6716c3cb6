import type { KeywordKind } from '@care/shared';

/**
 * Twilio's default opt-out filtering (twilio-facts §5): a STOP-family keyword blocks the
 * patient <-> scope pair (scope = line number or Messaging Service), START-family lifts it.
 */
export class OptOutRegistry {
  private readonly blocked = new Set<string>();

  apply(keyword: KeywordKind, patientNumber: string, scope: string): void {
    const key = pairKey(patientNumber, scope);
    if (keyword === 'STOP') this.blocked.add(key);
    if (keyword === 'START') this.blocked.delete(key);
  }

  isBlocked(patientNumber: string, scope: string): boolean {
    return this.blocked.has(pairKey(patientNumber, scope));
  }

  clear(): void {
    this.blocked.clear();
  }
}

function pairKey(patientNumber: string, scope: string): string {
  return `${patientNumber}|${scope}`;
}
