/**
 * What PostgreSQL cannot store as text: NUL (text refuses it, jsonb refuses `\u0000`) and a UTF-16
 * half without its partner (not a character; jsonb refuses its `\ud83d` escape). Everything else —
 * emoji sequences, bidi controls, any script — is text and is kept exactly.
 */
const NOT_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const NOT_TEXT_ALL = new RegExp(NOT_TEXT.source, 'g');

export const REPLACEMENT_CHARACTER = '\uFFFD';

export function isStorableText(value: string): boolean {
  return !NOT_TEXT.test(value);
}

/** For input we must keep whatever it holds (Twilio's webhooks): NUL and lone halves become U+FFFD. */
export function toStorableText(value: string): string {
  return value.replace(NOT_TEXT_ALL, REPLACEMENT_CHARACTER);
}

/**
 * The path (`body`, `quietHoursOverride.reason`, `teamIds[0]`) of the first string in a parsed
 * JSON value or query that is not storable text (keys included), or null when all of it is.
 */
export function findUnstorableText(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return isStorableText(value) ? null : path || 'body';
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findUnstorableText(item, `${path}[${index}]`);
      if (found !== null) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      if (!isStorableText(key)) return toStorableText(at);
      const found = findUnstorableText(item, at);
      if (found !== null) return found;
    }
  }
  return null;
}
