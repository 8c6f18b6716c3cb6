/** "Nina Nurse" → "NN", "Ada" → "A": for avatars. */
export function initials(name: string | null | undefined): string {
  const words = (name ?? '').trim().split(/\s+/u).filter(Boolean);
  if (words.length === 0) return '?';
  const first = [...words[0]!][0] ?? '';
  const last = words.length > 1 ? ([...words.at(-1)!][0] ?? '') : '';
  return (first + last).toUpperCase();
}

/** "Nina Nurse" → "Nina". */
export function firstName(name: string | null | undefined): string {
  return (name ?? '').trim().split(/\s+/u)[0] ?? '';
}
