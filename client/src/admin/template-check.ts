import { TEMPLATE_VARIABLES } from '@care/shared';

const KNOWN = new Set<string>(TEMPLATE_VARIABLES);
const MUSTACHE = /\{\{\s*([^{}]*?)\s*\}\}/gu;

/**
 * What the server will refuse in a template body, found while typing: variables it does not know,
 * helpers or blocks (`{{#if}}`), and unbalanced braces. The server's Handlebars parser stays the judge.
 */
export function templateProblems(body: string): string[] {
  const problems: string[] = [];
  for (const match of body.matchAll(MUSTACHE)) {
    const inner = match[1] ?? '';
    if (/^[#/>!^&{]/u.test(inner) || /\s/u.test(inner)) {
      problems.push(`${match[0]} is not allowed: only plain variables such as {{patient.firstName}}.`);
    } else if (!KNOWN.has(inner)) {
      problems.push(`Unknown variable ${match[0]}.`);
    }
  }
  const stripped = body.replace(MUSTACHE, '');
  if (stripped.includes('{{') || stripped.includes('}}')) problems.push('Braces do not match: write variables as {{patient.firstName}}.');
  return [...new Set(problems)];
}

/** Example values for the live preview (what a real text would show). */
export function sampleValues(input: { userName: string | null; organizationName: string | null; line: { name: string; number: string | null } | null }): {
  patientName: string;
  userName: string | null;
  organizationName: string | null;
  line: { name: string; number: string | null } | null;
} {
  return { patientName: 'Maria Alvarez', userName: input.userName, organizationName: input.organizationName, line: input.line };
}
