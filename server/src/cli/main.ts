/**
 * Operator commands: `npm run cli -- <command> [--options]`. Uses DATABASE_URL, or the embedded
 * database under DATA_DIR (stop `npm start` first: one process at a time owns that folder).
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/env';
import { openCliContext } from './cli-context';
import { addLine, createOrganization, exportPatient, importPatients, rotateSecret, UsageError, type Options } from './commands';

const HELP = `Usage: npm run cli -- <command> [options]

  create-org      --name <org> --admin-email <email> --admin-name <name> [--admin-password <pw>] [--teams "A,B"]
  add-line        --org <name|id> --name <line name> (--number <E.164> | --messaging-service <MG…>) [--team <team>] [--default]
  import-patients --org <name|id> --file <patients.csv>   (columns: name,team,phone,phone_type,date_of_birth,time_zone)
  rotate-secret   jwt
  export-patient  --patient <id> [--format json|csv] [--out <file>]
`;

async function main(argv: string[]): Promise<number> {
  const text = { type: 'string' } as const;
  const flag = { type: 'boolean' } as const;
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        name: text, 'admin-email': text, 'admin-name': text, 'admin-password': text, teams: text,
        org: text, number: text, 'messaging-service': text, team: text, default: flag,
        file: text, patient: text, format: text, out: text, help: flag,
      },
    });
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${HELP}`);
  }
  const { positionals, values } = parsed;
  const [command, argument] = positionals;
  if (!command || command === 'help' || values.help) {
    process.stdout.write(HELP);
    return command ? 0 : 2;
  }
  const commands: Record<string, (ctx: Awaited<ReturnType<typeof openCliContext>>, options: Options) => Promise<unknown>> = {
    'create-org': createOrganization,
    'add-line': addLine,
    'import-patients': importPatients,
    'rotate-secret': (ctx, options) => rotateSecret(ctx, options, argument),
    'export-patient': exportPatient,
  };
  const run = commands[command];
  if (!run) {
    process.stderr.write(`Unknown command "${command}"\n${HELP}`);
    return 2;
  }
  const ctx = await openCliContext(loadConfig(), (line) => process.stderr.write(`${line}\n`));
  try {
    await run(ctx, values as Options);
    return 0;
  } finally {
    await ctx.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`Failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
