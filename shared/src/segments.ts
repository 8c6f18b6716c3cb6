import { SegmentedMessage } from 'sms-segments-calculator';
import SmartEncodingMap from 'sms-segments-calculator/dist/libs/SmartEncodingMap';
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

/**
 * Twilio's Smart Encoding, done before storing so what we keep is what the patient gets: curly
 * quotes, long dashes, odd spaces and similar characters that would force UCS-2 are replaced by
 * their GSM-7 look-alikes (Twilio's own map, from sms-segments-calculator).
 */
export function smartEncode(body: string): string {
  const map = SmartEncodingMap as Record<string, string>;
  let out = '';
  for (const character of body) out += map[character] ?? character;
  return out;
}
