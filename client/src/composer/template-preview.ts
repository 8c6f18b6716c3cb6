import { TEMPLATE_VARIABLES, type TemplateDto, type TemplateVariable } from '@care/shared';

/** What the app knows of each variable here; null = only the server knows (filled when sent). */
export type KnownValues = Partial<Record<TemplateVariable, string | null>>;

export type PreviewPart =
  | { kind: 'text'; text: string }
  /** A variable filled in with what the app knows. */
  | { kind: 'value'; variable: string; text: string }
  /** A variable the server fills in when the message is sent (or rejects, when unknown to it too). */
  | { kind: 'unknown'; variable: string; text: string };

export interface TemplatePreview {
  parts: PreviewPart[];
  /**
   * The text to put in the composer: known values substituted, other variables left as
   * `{{name}}` for the server to render (the send carries the template's id).
   */
  text: string;
  /** Variables left for the server. */
  unknown: string[];
}

const VARIABLE = /\{\{\s*([^{}\s]+)\s*\}\}/gu;
const KNOWN = new Set<string>(TEMPLATE_VARIABLES);

/** Fills a template body for preview and insertion. A value that itself looks like `{{…}}` is never substituted. */
export function previewTemplate(body: string, values: KnownValues): TemplatePreview {
  const parts: PreviewPart[] = [];
  const unknown: string[] = [];
  let text = '';
  let last = 0;
  for (const match of body.matchAll(VARIABLE)) {
    const start = match.index ?? 0;
    if (start > last) {
      parts.push({ kind: 'text', text: body.slice(last, start) });
      text += body.slice(last, start);
    }
    const variable = match[1]!;
    const value = KNOWN.has(variable) ? values[variable as TemplateVariable]?.trim() : undefined;
    if (value && !/[{}]/u.test(value)) {
      parts.push({ kind: 'value', variable, text: value });
      text += value;
    } else {
      parts.push({ kind: 'unknown', variable, text: match[0] });
      text += match[0];
      if (!unknown.includes(variable)) unknown.push(variable);
    }
    last = start + match[0].length;
  }
  if (last < body.length) {
    parts.push({ kind: 'text', text: body.slice(last) });
    text += body.slice(last);
  }
  return { parts, text, unknown };
}

/** People-friendly names of the variables, for "filled in when sent" notes. */
export const VARIABLE_LABELS: Record<TemplateVariable, string> = {
  'patient.firstName': "patient's first name",
  'patient.lastName': "patient's last name",
  'patient.name': "patient's name",
  'user.firstName': 'your first name',
  'user.name': 'your name',
  'org.name': 'organisation name',
  'line.number': 'line number',
  'line.name': 'line name',
};

export function variableLabel(variable: string): string {
  return VARIABLE_LABELS[variable as TemplateVariable] ?? variable;
}

/** The values the app can fill in itself. */
export function knownValues(input: {
  patientName: string | null;
  userName: string | null;
  organizationName?: string | null;
  line?: { name: string; number: string | null } | null;
}): KnownValues {
  const patient = splitName(input.patientName);
  const user = splitName(input.userName);
  return {
    'patient.firstName': patient.first,
    'patient.lastName': patient.last,
    'patient.name': input.patientName?.trim() || null,
    'user.firstName': user.first,
    'user.name': input.userName?.trim() || null,
    'org.name': input.organizationName?.trim() || null,
    'line.number': input.line?.number ?? null,
    'line.name': input.line?.name ?? null,
  };
}

/** Templates whose name, category or text contains every word of the query. */
export function searchTemplates(templates: readonly TemplateDto[], query: string): TemplateDto[] {
  const words = query.toLowerCase().split(/\s+/u).filter(Boolean);
  if (words.length === 0) return [...templates];
  return templates.filter((template) => {
    const haystack = `${template.name} ${template.category ?? ''} ${template.body}`.toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}

/** Same split as the server's: first word, and the rest as the last name. */
function splitName(name: string | null): { first: string | null; last: string | null } {
  const parts = (name ?? '').trim().split(/\s+/u).filter(Boolean);
  return { first: parts[0] ?? null, last: parts.length > 1 ? parts.slice(1).join(' ') : null };
}
