import type { AdminLineDto, LineDto } from '@care/shared';
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

export function toAdminLineDto(line: Line): AdminLineDto {
  return { ...toLineDto(line), mps: line.mps };
}
