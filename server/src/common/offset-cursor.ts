import { InvalidInputError } from './errors/domain-error';

/** Far beyond any real list, well inside PostgreSQL's bigint OFFSET and JavaScript's safe integers. */
const MAX_OFFSET = 1_000_000_000;

/**
 * A list cursor that is a row offset (`nextCursor` of the previous page): none is the first page;
 * anything we did not issue (not digits, a repeated parameter, beyond any list) is a 422.
 */
export function parseOffsetCursor(raw: unknown): number {
  if (raw === undefined || raw === '') return 0;
  const offset = typeof raw === 'string' && /^\d{1,10}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(offset <= MAX_OFFSET)) throw new InvalidInputError('cursor is not valid');
  return offset;
}
