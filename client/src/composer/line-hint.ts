import { formatPhone, type LineDto, type MessageDto } from '@care/shared';

export type AutomaticLineReason = 'sticky' | 'team' | 'organization' | 'none';

export interface AutomaticLine {
  /** The line the server will most likely pick; null when it is not one the user can see. */
  line: LineDto | null;
  reason: AutomaticLineReason;
  /** "Automatic: Cardiology line — the line this number last used" */
  text: string;
}

/**
 * What "Automatic" will choose, computed like the server's LinesService.chooseLine: the line the
 * number last talked to (sticky), else the patient's team line (its default first), else the
 * organisation's default. The server decides; this only explains the choice beforehand.
 */
export function automaticLine(input: {
  lines: readonly LineDto[];
  teamId: string | null;
  phoneNumber: string | null;
  /** The thread's messages, any order. */
  messages: readonly Pick<MessageDto, 'direction' | 'from' | 'to' | 'lineId' | 'createdAt'>[];
}): AutomaticLine {
  const { lines, teamId, phoneNumber } = input;
  if (phoneNumber) {
    const last = input.messages
      .filter((message) => message.lineId && (message.direction === 'outbound' ? message.to : message.from) === phoneNumber)
      .reduce<(typeof input.messages)[number] | null>((newest, message) => (!newest || message.createdAt > newest.createdAt ? message : newest), null);
    if (last) {
      const line = lines.find((candidate) => candidate.id === last.lineId) ?? null;
      return { line, reason: 'sticky', text: `Automatic: ${line ? lineName(line) : 'the same line'} — the line this number last used` };
    }
  }
  const ordered = [...lines].sort((a, b) => Number(b.isDefault) - Number(a.isDefault));
  const team = teamId ? ordered.find((line) => line.teamId === teamId) : undefined;
  if (team) return { line: team, reason: 'team', text: `Automatic: ${lineName(team)} — the patient's team line` };
  const organization = ordered.find((line) => line.isDefault) ?? ordered[0];
  if (organization) return { line: organization, reason: 'organization', text: `Automatic: ${lineName(organization)} — the organisation's default line` };
  return { line: null, reason: 'none', text: 'Automatic: the server picks a line' };
}

export function lineName(line: Pick<LineDto, 'name' | 'number'>): string {
  return line.number ? `${line.name} · ${formatPhone(line.number)}` : line.name;
}
