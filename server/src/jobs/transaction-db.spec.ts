import { toKnexBindings } from './transaction-db';

describe('toKnexBindings (pg-boss SQL on a knex transaction)', () => {
  it('turns numbered parameters into positional ones, repeating reused values in order', () => {
    const { sql, bindings } = toKnexBindings('select $1::uuid, $2, right($3, 1), cast($3 as text), $2', ['a', 'b', 'c']);
    expect(sql).toBe('select ?::uuid, ?, right(?, 1), cast(? as text), ?');
    expect(bindings).toEqual(['a', 'b', 'c', 'c', 'b']);
  });

  it('escapes literal question marks, serialises plain objects as JSON, keeps dates and arrays', () => {
    const when = new Date('2026-01-01T00:00:00Z');
    const { sql, bindings } = toKnexBindings("select data ? 'key', $1::jsonb, $2, $3, $4", [{ messageId: 'm1' }, when, ['x'], undefined]);
    expect(sql).toBe("select data \\? 'key', ?::jsonb, ?, ?, ?");
    expect(bindings).toEqual(['{"messageId":"m1"}', when, ['x'], null]);
  });

  it('refuses a parameter without a value', () => {
    expect(() => toKnexBindings('select $2', ['only one'])).toThrow(/\$2/);
  });
});
