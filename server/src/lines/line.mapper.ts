import type { LineDto } from '@care/shared';
import type { Line } from './line.entity';

export function toLineDto(line: Line): LineDto {
  return {
    id: line.id,
    name: line.name,
    number: line.number,
    messagingServiceSid: line.messagingServiceSid,
    teamId: line.team?.id ?? null,
    isDefault: line.isDefault,
  };
}
