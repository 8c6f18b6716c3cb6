import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { toE164 } from '@care/shared';
import { PasswordHasher } from '../auth/password-hasher';
import { AuditEntry } from '../audit/audit-entry.entity';
import { loadOrCreateSecret } from '../config/secrets';
import { Line } from '../lines/line.entity';
import { Message } from '../messaging/message.entity';
import { Organization } from '../organizations/organization.entity';
import { Team } from '../organizations/team.entity';
import { PatientPhone } from '../patients/patient-phone.entity';
import { Patient } from '../patients/patient.entity';
import { User } from '../users/user.entity';
import type { CliContext } from './cli-context';
import { isTimeZone } from '../common/time-zone';

export type Options = Record<string, string | boolean | undefined>;

/** A mistake in the command line or its input: printed as one line, exit code 2. */
export class UsageError extends Error {}

function required(options: Options, name: string): string {
  const value = options[name];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${name} is required`);
  return value.trim();
}

async function findOrganization(ctx: CliContext, nameOrId: string): Promise<Organization> {
  const organization = await ctx.em.findOne(Organization, /^[0-9a-f-]{36}$/i.test(nameOrId) ? { id: nameOrId } : { name: nameOrId });
  if (!organization) throw new UsageError(`No organisation named or with id "${nameOrId}"`);
  return organization;
}

async function findTeam(ctx: CliContext, organization: Organization, name: string): Promise<Team> {
  const team = await ctx.em.findOne(Team, { organization, name });
  if (!team) throw new UsageError(`No team "${name}" in ${organization.name}`);
  return team;
}

/** create-org --name "Clinic" --admin-email a@b --admin-name "Ada" [--admin-password ...] [--teams "A,B"] */
export async function createOrganization(ctx: CliContext, options: Options): Promise<void> {
  const name = required(options, 'name');
  const email = required(options, 'admin-email').toLowerCase();
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw new UsageError('--admin-email must be an email address');
  if (await ctx.em.findOne(User, { email })) throw new UsageError(`A user ${email} already exists`);
  const password = typeof options['admin-password'] === 'string' ? options['admin-password'] : randomBytes(12).toString('base64url');
  if (password.length < 12) throw new UsageError('--admin-password must be at least 12 characters');
  const organization = new Organization(name);
  const teams = String(options.teams ?? '')
    .split(',')
    .map((team) => team.trim())
    .filter(Boolean)
    .map((team) => new Team(organization, team));
  const admin = new User(organization, email, required(options, 'admin-name'), 'admin', await new PasswordHasher().hash(password));
  await ctx.em.persistAndFlush([organization, ...teams, admin]);
  ctx.print(`Created organisation "${name}" (${organization.id}) with ${teams.length} team(s).`);
  ctx.print(`Admin: ${email}${options['admin-password'] ? '' : `  password: ${password}  (shown once; change it after the first login)`}`);
}

/** add-line --org "Clinic" --name "Main line" (--number +1... | --messaging-service MG...) [--team T] [--default] */
export async function addLine(ctx: CliContext, options: Options): Promise<void> {
  const organization = await findOrganization(ctx, required(options, 'org'));
  const serviceSid = typeof options['messaging-service'] === 'string' ? options['messaging-service'] : null;
  const number = typeof options.number === 'string' ? toE164(options.number) : null;
  if (!serviceSid && !number) throw new UsageError('--number (a valid phone number) or --messaging-service (MG…) is required');
  if (serviceSid && !/^MG[0-9a-fA-F]{32}$/.test(serviceSid)) throw new UsageError('--messaging-service must look like MG followed by 32 hex digits');
  const line = new Line(organization, required(options, 'name'), serviceSid ? { messagingServiceSid: serviceSid } : { number: number! });
  if (typeof options.team === 'string') line.team = await findTeam(ctx, organization, options.team);
  if (options.default === true) {
    await ctx.em.nativeUpdate(Line, { organization, isDefault: true }, { isDefault: false });
    line.isDefault = true;
  }
  await ctx.em.persistAndFlush(line);
  ctx.print(`Added line "${line.name}" (${line.id}) ${line.number ?? line.messagingServiceSid}${line.isDefault ? ' as the default' : ''}.`);
  ctx.print(`Point its incoming-message webhook at POST ${ctx.config.http.publicBaseUrl}/webhooks/twilio/inbound`);
}

interface PatientRow {
  name?: string;
  team?: string;
  phone?: string;
  phone_type?: string;
  date_of_birth?: string;
  time_zone?: string;
}

/**
 * import-patients --org "Clinic" --file patients.csv
 * CSV columns: name, team, phone, phone_type (mobile|landline|unknown), date_of_birth (YYYY-MM-DD),
 * time_zone (IANA, optional: quiet hours follow it; else the number's area, else the organisation's).
 * Valid rows are imported in one transaction; every invalid row is reported with its line number.
 */
export async function importPatients(ctx: CliContext, options: Options): Promise<{ imported: number; rejected: number }> {
  const organization = await findOrganization(ctx, required(options, 'org'));
  let rows: PatientRow[];
  try {
    rows = parse(readFileSync(required(options, 'file')), { columns: true, skip_empty_lines: true, trim: true, bom: true }) as PatientRow[];
  } catch (error) {
    throw new UsageError(`Cannot read the CSV: ${error instanceof Error ? error.message : String(error)}`);
  }
  const teams = new Map((await ctx.em.find(Team, { organization })).map((team) => [team.name.toLowerCase(), team]));
  const problems: string[] = [];
  const patients: Patient[] = [];
  rows.forEach((row, index) => {
    const line = index + 2; // header is line 1
    const errors: string[] = [];
    const team = teams.get((row.team ?? '').toLowerCase());
    const number = row.phone ? toE164(row.phone) : null;
    const type = (row.phone_type || 'mobile').toLowerCase();
    if (!row.name) errors.push('name is empty');
    if (!team) errors.push(`team "${row.team ?? ''}" does not exist`);
    if (!number) errors.push('phone is not a valid phone number');
    if (!['mobile', 'landline', 'unknown'].includes(type)) errors.push('phone_type must be mobile, landline or unknown');
    if (row.date_of_birth && !/^\d{4}-\d{2}-\d{2}$/.test(row.date_of_birth)) errors.push('date_of_birth must be YYYY-MM-DD');
    if (row.time_zone && !isTimeZone(row.time_zone)) errors.push(`time_zone "${row.time_zone}" is not an IANA time zone`);
    if (errors.length > 0 || !team || !number) {
      problems.push(`line ${line}: ${errors.join('; ')}`);
      return;
    }
    const patient = new Patient(organization, team, row.name!);
    patient.dateOfBirth = row.date_of_birth || null;
    patient.timeZone = row.time_zone || null;
    patient.phones.add(new PatientPhone(patient, number, type as 'mobile' | 'landline' | 'unknown', 0));
    patients.push(patient);
  });
  await ctx.em.transactional(async (tx) => tx.persist(patients));
  ctx.print(`Imported ${patients.length} patient(s); rejected ${problems.length} row(s).`);
  for (const problem of problems) ctx.print(`  ${problem}`);
  return { imported: patients.length, rejected: problems.length };
}

/** rotate-secret jwt: replaces DATA_DIR/secrets/jwt-secret; every session must log in again. */
export async function rotateSecret(ctx: CliContext, options: Options, which: string | undefined): Promise<void> {
  if (which !== 'jwt') throw new UsageError('usage: rotate-secret jwt');
  if (ctx.config.jwtSecret) throw new UsageError('JWT_SECRET is set in the environment: rotate it there instead');
  const file = join(ctx.config.dataDir, 'secrets', 'jwt-secret');
  loadOrCreateSecret(ctx.config.dataDir, 'jwt-secret');
  writeFileSync(file, `${randomBytes(48).toString('base64url')}\n`, { mode: 0o600 });
  ctx.print(`Rotated ${file}. Restart the server; everyone logs in again.`);
  void options;
}

/** export-patient --patient <id> [--format json|csv] [--out file]: a records-request export, audited. */
export async function exportPatient(ctx: CliContext, options: Options): Promise<void> {
  const patientId = required(options, 'patient');
  if (!/^[0-9a-f-]{36}$/i.test(patientId)) throw new UsageError('--patient must be a patient id (UUID)');
  const patient = await ctx.em.findOne(Patient, { id: patientId }, { populate: ['phones', 'team'] });
  if (!patient) throw new UsageError(`No patient ${patientId}`);
  const messages = await ctx.em.find(Message, { patient }, { orderBy: { createdAt: 'asc', id: 'asc' }, populate: ['sentBy', 'line'] });
  const rows = messages.map((message) => ({
    id: message.id,
    createdAt: message.createdAt.toISOString(),
    direction: message.direction,
    from: message.from,
    to: message.to,
    line: message.line.name,
    status: message.status,
    errorCode: message.errorCode,
    body: message.body,
    media: message.media.length,
    sentBy: message.sentBy?.name ?? null,
    twilioSid: message.twilioSid,
  }));
  const format = options.format === 'csv' ? 'csv' : 'json';
  const output =
    format === 'csv'
      ? stringify(rows, { header: true })
      : JSON.stringify({ patient: { id: patient.id, name: patient.name, team: patient.team.name, phones: patient.phones.getItems().map((p) => p.number) }, messages: rows }, null, 2);
  ctx.em.persist(new AuditEntry({ organizationId: patient.organization.id, userId: null, action: 'patient.export', patientId: patient.id, details: { format, count: rows.length, via: 'cli' } }));
  await ctx.em.flush();
  if (typeof options.out === 'string') {
    writeFileSync(options.out, output, { mode: 0o600 });
    ctx.print(`Wrote ${rows.length} message(s) to ${options.out} (${format}). The export was recorded in the audit log.`);
  } else {
    process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
  }
}
