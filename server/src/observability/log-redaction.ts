/**
 * Paths pino censors wherever they appear in a log object. Message bodies, phone numbers, names,
 * tokens and signatures are protected health information or secrets: they never reach a log.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-twilio-signature"]',
  'req.body',
  'res.headers["set-cookie"]',
  '*.password',
  '*.accessToken',
  '*.token',
  '*.body',
  '*.Body',
  '*.From',
  '*.To',
  '*.from',
  '*.to',
  '*.number',
  '*.phone',
  '*.name',
  '*.email',
];

/** Drops the query string: searches (`?search=maria`) are PHI. */
export function pathOnly(url: string | undefined): string {
  if (!url) return '';
  const index = url.indexOf('?');
  return index === -1 ? url : url.slice(0, index);
}
