import { describeStatus } from './status-view';

describe('describeStatus', () => {
  it('labels the delivery path', () => {
    expect(describeStatus({ status: 'queued', errorCode: null, errorMessage: null })).toMatchObject({ label: 'Queued', problem: null });
    expect(describeStatus({ status: 'sent', errorCode: null, errorMessage: null }).label).toBe('Sent');
    expect(describeStatus({ status: 'delivered', errorCode: null, errorMessage: null })).toMatchObject({ label: 'Delivered', tone: 'ok' });
    expect(describeStatus({ status: 'queued', errorCode: null, errorMessage: null }, true).label).toBe('Sending…');
  });

  it('explains failures in plain language from the Twilio code', () => {
    const view = describeStatus({ status: 'failed', errorCode: 21610, errorMessage: 'Attempt to send to unsubscribed recipient' });
    expect(view).toMatchObject({ label: 'Failed', tone: 'error' });
    expect(view.problem?.title).toMatch(/opted out/iu);
    expect(view.problem?.action).toMatch(/START/u);
  });

  it('falls back to the error message when there is no code', () => {
    const view = describeStatus({ status: 'undelivered', errorCode: null, errorMessage: 'Carrier rejected' });
    expect(view.problem?.title).toBe('Carrier rejected');
  });

  it('carries the suggested action of the explanation', () => {
    expect(describeStatus({ status: 'undelivered', errorCode: 30006, errorMessage: null }).problem?.suggestion).toBe('mark-landline');
    expect(describeStatus({ status: 'undelivered', errorCode: 30007, errorMessage: null }).problem?.suggestion).toBe('review-content');
    expect(describeStatus({ status: 'failed', errorCode: 21610, errorMessage: null }).problem?.suggestion).toBe('opted-out');
    expect(describeStatus({ status: 'undelivered', errorCode: null, errorMessage: 'x' }).problem?.suggestion).toBeNull();
  });
});
