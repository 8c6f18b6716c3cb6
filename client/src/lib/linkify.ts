/** A piece of a message body: plain text, or an http(s) link to render as `<a>`. */
export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

/** Candidates only; each is checked with the URL parser before it becomes a link. */
const CANDIDATE = /\bhttps?:\/\/[^\s<>"'`]+/giu;
/** Punctuation that ends a sentence rather than a URL ("see https://x.test/a."). */
const TRAILING = /[.,;:!?'")\]}>]+$/u;

/**
 * Splits text into text and link parts. Only absolute http(s) URLs become links (never
 * `javascript:`, `data:` or anything else); everything is rendered as text by the caller, so no
 * HTML in a body can ever be interpreted.
 */
export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(CANDIDATE)) {
    const start = match.index ?? 0;
    let candidate = match[0];
    const trailing = TRAILING.exec(candidate)?.[0] ?? '';
    // Keep a closing parenthesis the URL itself opened (Wikipedia-style links).
    let keep = trailing;
    if (trailing.startsWith(')') && countOf(candidate, '(') > countOf(candidate.slice(0, -trailing.length), ')')) keep = trailing.slice(1);
    candidate = candidate.slice(0, candidate.length - keep.length);
    const href = safeHref(candidate);
    if (!href) continue;
    if (start > last) parts.push({ kind: 'text', text: text.slice(last, start) });
    parts.push({ kind: 'link', text: candidate, href });
    last = start + candidate.length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return mergeText(parts);
}

function safeHref(candidate: string): string | null {
  try {
    const url = new URL(candidate);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (!url.hostname) return null;
    return url.href;
  } catch {
    return null;
  }
}

function countOf(text: string, character: string): number {
  return text.split(character).length - 1;
}

function mergeText(parts: TextPart[]): TextPart[] {
  const merged: TextPart[] = [];
  for (const part of parts) {
    const previous = merged.at(-1);
    if (part.kind === 'text' && previous?.kind === 'text') previous.text += part.text;
    else merged.push({ ...part });
  }
  return merged;
}
