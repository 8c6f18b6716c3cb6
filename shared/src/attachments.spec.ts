import { attachmentProblem, formatBytes } from './attachments';

describe('attachmentProblem (Twilio MMS limits)', () => {
  it('accepts JPEG, PNG and GIF up to 5 MB and PDF up to 500 KB', () => {
    expect(attachmentProblem('image/png', 5 * 1024 * 1024)).toBeNull();
    expect(attachmentProblem('image/jpeg', 1)).toBeNull();
    expect(attachmentProblem('IMAGE/GIF; charset=binary', 10)).toBeNull();
    expect(attachmentProblem('application/pdf', 500 * 1024)).toBeNull();
  });

  it('refuses bigger files (size) and other types (type)', () => {
    expect(attachmentProblem('image/png', 5 * 1024 * 1024 + 1)).toEqual({ kind: 'size', message: expect.stringContaining('at most 5 MB') });
    expect(attachmentProblem('application/pdf', 500 * 1024 + 1)).toEqual({ kind: 'size', message: expect.stringContaining('at most 500 KB') });
    expect(attachmentProblem('text/html', 10)?.kind).toBe('type');
    expect(attachmentProblem('', 10)?.kind).toBe('type');
    expect(attachmentProblem('image/png', 0)?.kind).toBe('type');
  });

  it('formats sizes for people', () => {
    expect(formatBytes(5 * 1024 * 1024)).toBe('5 MB');
    expect(formatBytes(1536 * 1024)).toBe('1.5 MB');
    expect(formatBytes(2048)).toBe('2 KB');
    expect(formatBytes(12)).toBe('12 bytes');
  });
});
