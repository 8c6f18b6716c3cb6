import { MAX_BODY_LENGTH, computeSegments, type MessageEncoding } from '@care/shared';

/** Above this many segments the message goes out as MMS. */
export const MMS_SEGMENT_THRESHOLD = 3;

export interface CounterNotice {
  tone: 'info' | 'warning' | 'error';
  text: string;
}

export interface CounterView {
  /** "12 characters · 1 segment · GSM-7" */
  text: string;
  characters: number;
  segments: number;
  encoding: MessageEncoding;
  notices: CounterNotice[];
  /** Over the 1600-character limit: sending is refused. */
  tooLong: boolean;
}

const number = (value: number): string => value.toLocaleString('en-US');
const plural = (count: number, word: string): string => `${number(count)} ${word}${count === 1 ? '' : 's'}`;

/**
 * The live counter under the composer. Segments and encoding come from Twilio's own
 * calculator (shared `computeSegments`); characters are UTF-16 code units, the unit
 * both the 1600 limit and the 70-per-segment UCS-2 room are counted in.
 */
export function describeCounter(body: string): CounterView {
  const info = computeSegments(body);
  const characters = body.length;
  const notices: CounterNotice[] = [];
  const tooLong = characters > MAX_BODY_LENGTH;

  if (tooLong) {
    notices.push({
      tone: 'error',
      text: `Too long: ${plural(characters, 'character')}, the limit is ${number(MAX_BODY_LENGTH)}. Shorten it to send.`,
    });
  }
  if (info.encoding === 'UCS-2' && characters > 0) {
    const characters = [...new Set(info.nonGsmCharacters)];
    const examples = characters.slice(0, 5).join(' ');
    const emoji = characters.some((character) => /\p{Extended_Pictographic}/u.test(character));
    notices.push({
      tone: 'info',
      text: `${emoji ? 'Emoji switches' : 'Special characters switch'} to Unicode: 70 characters per segment${examples ? ` (${examples})` : ''}.`,
    });
  }
  if (!tooLong && info.segments > MMS_SEGMENT_THRESHOLD) {
    notices.push({ tone: 'warning', text: `More than ${MMS_SEGMENT_THRESHOLD} segments: will be sent as MMS.` });
  }

  return {
    text: `${plural(characters, 'character')} · ${plural(info.segments, 'segment')} · ${info.encoding}`,
    characters,
    segments: info.segments,
    encoding: info.encoding,
    notices,
    tooLong,
  };
}
