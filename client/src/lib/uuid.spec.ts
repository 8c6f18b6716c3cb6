import { randomId } from './uuid';

describe('randomId', () => {
  it('uses crypto.randomUUID when there is one', () => {
    expect(randomId({ randomUUID: () => '11111111-1111-4111-8111-111111111111', getRandomValues: (array) => array })).toBe('11111111-1111-4111-8111-111111111111');
  });

  it('builds a v4 UUID from random bytes otherwise', () => {
    const id = randomId({ getRandomValues: <T extends ArrayBufferView | null>(array: T) => {
      new Uint8Array((array as unknown as Uint8Array).buffer).fill(0xff);
      return array;
    } });
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/u);
  });
});
