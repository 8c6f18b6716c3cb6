/** Domain events of lines, emitted in-process after the change committed. */
export const LinesEvents = {
  /** A line was added, changed or removed (e.g. the simulator's owned numbers follow it). */
  changed: 'lines.changed',
} as const;

export interface LinesChangedEvent {
  organizationId: string;
  lineId: string;
  action: 'created' | 'updated' | 'deleted';
}
