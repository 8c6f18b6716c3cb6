import { isForwardStatus } from './message-status';

describe('isForwardStatus', () => {
  it('accepts the normal lifecycle', () => {
    expect(isForwardStatus('queued', 'sent')).toBe(true);
    expect(isForwardStatus('sent', 'delivered')).toBe(true);
    expect(isForwardStatus('queued', 'failed')).toBe(true);
    expect(isForwardStatus('accepted', 'queued')).toBe(true);
  });

  it('ignores late, duplicate and contradictory callbacks', () => {
    expect(isForwardStatus('delivered', 'sent')).toBe(false);
    expect(isForwardStatus('delivered', 'delivered')).toBe(false);
    expect(isForwardStatus('delivered', 'undelivered')).toBe(false);
    expect(isForwardStatus('sent', 'queued')).toBe(false);
  });
});
