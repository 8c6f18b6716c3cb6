import { checkPickedFiles } from './attachment-check';

const MB = 1024 * 1024;
const file = (name: string, type: string, size: number) => ({ name, type, size });

describe('checkPickedFiles (Twilio MMS limits, before uploading)', () => {
  it('accepts images and PDFs within their limits', () => {
    const picked = [file('a.png', 'image/png', 10), file('b.pdf', 'application/pdf', 500 * 1024)];
    expect(checkPickedFiles([], picked)).toEqual({ accepted: picked, problems: [] });
  });

  it('refuses other types, files over their limit, an 11th file and more than 5 MB together, naming the file', () => {
    const { accepted, problems } = checkPickedFiles(
      Array.from({ length: 8 }, () => ({ size: 100 })),
      [file('notes.docx', 'application/msword', 10), file('big.pdf', 'application/pdf', 600 * 1024), file('ok.jpg', 'image/jpeg', 10), file('ok2.gif', 'image/gif', 10), file('third.png', 'image/png', 10)],
    );
    expect(accepted.map((f) => f.name)).toEqual(['ok.jpg', 'ok2.gif']);
    expect(problems).toEqual([
      expect.stringMatching(/^notes\.docx: Only JPEG, PNG or GIF/),
      expect.stringMatching(/^big\.pdf: A PDF can be at most 500 KB/),
      'third.png: a text can carry at most 10 files.',
    ]);
    const together = checkPickedFiles([{ size: 4 * MB }], [file('photo.jpg', 'image/jpeg', 2 * MB)]);
    expect(together.problems).toEqual(['photo.jpg: the files of one text can be at most 5 MB together.']);
  });
});
