import { InvalidInputError } from './errors/domain-error';
import { parseOffsetCursor } from './offset-cursor';

describe('parseOffsetCursor', () => {
  it('reads the offsets we issue; none is the first page', () => {
    expect(parseOffsetCursor(undefined)).toBe(0);
    expect(parseOffsetCursor('')).toBe(0);
    expect(parseOffsetCursor('50')).toBe(50);
    expect(parseOffsetCursor('1000000000')).toBe(1_000_000_000);
  });

  it('refuses anything else with a 422, before it reaches SQL', () => {
    for (const raw of ['-1', '1e3', ' 1', '0x10', '1.5', '99999999999999999999', '1000000001', "1; drop table patient", ['1', '2'], 5]) {
      expect(() => parseOffsetCursor(raw)).toThrow(InvalidInputError);
    }
  });
});
