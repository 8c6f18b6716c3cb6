import { SegmentedMessage } from 'sms-segments-calculator';
import type { MessageEncoding } from './messages';

/** Twilio refuses bodies above this many characters (error 21617). */
export const MAX_BODY_LENGTH = 1600;

export interface SegmentInfo {
  encoding: MessageEncoding;
  segments: number;
  characters: number;
  /** Characters that force UCS-2 (each one halves the room per segment). */
  nonGsmCharacters: string[];
}

/** Segment count and encoding exactly as Twilio computes them (Twilio's own calculator). */
export function computeSegments(body: string): SegmentInfo {
  const message = new SegmentedMessage(body, 'auto');
  return {
    encoding: message.encodingName === 'GSM-7' ? 'GSM-7' : 'UCS-2',
    segments: body.length === 0 ? 0 : message.segmentsCount,
    characters: message.numberOfCharacters,
    nonGsmCharacters: message.getNonGsmCharacters(),
  };
}
