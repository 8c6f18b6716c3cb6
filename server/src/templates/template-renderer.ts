import Handlebars from 'handlebars';
import { TEMPLATE_VARIABLES, type TemplateVariable } from '@care/shared';
import { InvalidInputError } from '../common/errors/domain-error';

/** Values for the template variables; null or empty = this variable has no value here. */
export type TemplateValues = Record<TemplateVariable, string | null>;

const KNOWN = new Set<string>(TEMPLATE_VARIABLES);
/** An isolated Handlebars environment: no helpers or partials registered by anyone else. */
const handlebars = Handlebars.create();

/**
 * The variables a template body uses, checked with Handlebars' own parser: only plain
 * `{{group.name}}` substitutions of the known variables are allowed (no helpers, blocks or
 * partials: texts to patients stay predictable). Throws a 422 naming what is wrong.
 */
export function templateVariables(body: string): TemplateVariable[] {
  let program: hbs.AST.Program;
  try {
    program = handlebars.parse(body);
  } catch (error) {
    throw new InvalidInputError(`The template text is not valid: ${firstLine(error)}`);
  }
  const used: TemplateVariable[] = [];
  for (const statement of program.body) {
    if (statement.type === 'ContentStatement' || statement.type === 'CommentStatement') continue;
    const mustache = statement as hbs.AST.MustacheStatement;
    const path = mustache.path as hbs.AST.PathExpression;
    const plain = statement.type === 'MustacheStatement' && path.type === 'PathExpression' && mustache.params.length === 0 && !mustache.hash && !path.data && path.depth === 0;
    if (!plain) throw new InvalidInputError(`The template may only use variables such as {{patient.firstName}}, not ${describe(statement)}`);
    const name = path.parts.join('.');
    if (!KNOWN.has(name)) throw new InvalidInputError(`Unknown template variable {{${path.original}}}; use one of ${TEMPLATE_VARIABLES.map((v) => `{{${v}}}`).join(', ')}`);
    if (!used.includes(name as TemplateVariable)) used.push(name as TemplateVariable);
  }
  return used;
}

/**
 * Renders the text sent to a patient (plain text: no HTML escaping). A variable without a value
 * is a 422 naming it, never a blank in a message to a patient.
 */
export function renderTemplate(body: string, values: TemplateValues): string {
  const used = templateVariables(body);
  const missing = used.filter((name) => !values[name]?.trim());
  if (missing.length > 0) {
    throw new InvalidInputError(`Template variable ${missing.map((name) => `{{${name}}}`).join(', ')} has no value for this message`);
  }
  const context: Record<string, Record<string, string>> = {};
  for (const name of used) {
    const [group, key] = name.split('.');
    context[group] = { ...context[group], [key]: values[name]! };
  }
  return handlebars.compile(body, { noEscape: true, strict: true, knownHelpersOnly: true })(context);
}

function describe(statement: hbs.AST.Statement): string {
  const loc = statement.loc ? ` (line ${statement.loc.start.line}, column ${statement.loc.start.column + 1})` : '';
  switch (statement.type) {
    case 'BlockStatement':
      return `a block${loc}`;
    case 'PartialStatement':
    case 'PartialBlockStatement':
      return `a partial${loc}`;
    default:
      return `an expression${loc}`;
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}

/** "Maria Alvarez" -> first "Maria", last "Alvarez". */
export function splitName(name: string): { first: string; last: string | null } {
  const parts = name.trim().split(/\s+/);
  return { first: parts[0] ?? '', last: parts.length > 1 ? parts.slice(1).join(' ') : null };
}
