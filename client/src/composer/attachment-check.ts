import { attachmentProblem, formatBytes, MAX_ATTACHMENT_TOTAL_BYTES, MAX_ATTACHMENTS } from '@care/shared';

export interface PickedFile {
  name: string;
  type: string;
  size: number;
}

/** What the file picker accepts (the server checks again). */
export const ATTACHMENT_ACCEPT = 'image/jpeg,image/png,image/gif,application/pdf';

/**
 * Which picked files can join the draft's attachments (Twilio's limits: type, size, at most 10,
 * 5 MB together), and why the others cannot, before anything is uploaded.
 */
export function checkPickedFiles<T extends PickedFile>(attached: readonly { size: number }[], picked: readonly T[]): { accepted: T[]; problems: string[] } {
  const accepted: T[] = [];
  const problems: string[] = [];
  let count = attached.length;
  let total = attached.reduce((sum, file) => sum + file.size, 0);
  for (const file of picked) {
    const problem = attachmentProblem(file.type, file.size);
    if (problem) {
      problems.push(`${file.name}: ${problem.message}`);
    } else if (count >= MAX_ATTACHMENTS) {
      problems.push(`${file.name}: a text can carry at most ${MAX_ATTACHMENTS} files.`);
    } else if (total + file.size > MAX_ATTACHMENT_TOTAL_BYTES) {
      problems.push(`${file.name}: the files of one text can be at most ${formatBytes(MAX_ATTACHMENT_TOTAL_BYTES)} together.`);
    } else {
      accepted.push(file);
      count += 1;
      total += file.size;
    }
  }
  return { accepted, problems };
}
