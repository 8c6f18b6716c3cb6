import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase } from '../support/test-database';

const CLI = resolve(__dirname, '../../server/dist/cli/main.js');

function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolveRun({ code, stdout, stderr }));
  });
}

/** `npm run cli -- …` for operators, against a real database. */
describe('admin CLI', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    database = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'care-cli-'));
    env = { DATABASE_URL: database.url, DATA_DIR: dir, LOG_LEVEL: 'error' };
  });
  afterAll(async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates an organisation and its first admin, who can then log in', async () => {
    const run = await cli(['create-org', '--name', 'Riverside Clinic', '--admin-email', 'Boss@Riverside.test', '--admin-name', 'Rita Boss', '--teams', 'Oncology,Renal'], env);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/Created organisation "Riverside Clinic" .* with 2 team\(s\)/);
    const password = /password: (\S+)/.exec(run.stderr)?.[1];
    expect(password).toBeDefined();
    const client = new Client({ connectionString: database.url });
    await client.connect();
    const user = await client.query('select role, password_hash from app_user where email = $1', ['boss@riverside.test']);
    await client.end();
    expect(user.rows[0].role).toBe('admin');
    const { verify } = await import('@node-rs/argon2');
    expect(await verify(user.rows[0].password_hash, password!)).toBe(true);
    expect((await cli(['create-org', '--name', 'Other', '--admin-email', 'boss@riverside.test', '--admin-name', 'X'], env)).code).toBe(2);
  });

  it('adds a line, validating the number', async () => {
    const bad = await cli(['add-line', '--org', 'Riverside Clinic', '--name', 'Main', '--number', '12'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--number/);
    const good = await cli(['add-line', '--org', 'Riverside Clinic', '--name', 'Main', '--number', '(617) 555-0150', '--team', 'Oncology', '--default'], env);
    expect(good.code).toBe(0);
    expect(good.stderr).toContain('+16175550150 as the default');
    expect(good.stderr).toContain('/webhooks/twilio/inbound');
  });

  it('imports patients from CSV with a validation report', async () => {
    const file = join(dir, 'patients.csv');
    writeFileSync(
      file,
      [
        'name,team,phone,phone_type,date_of_birth,time_zone',
        'Ann Ode,Oncology,617-555-0160,mobile,1970-01-02,America/Chicago',
        'Ben Ek,Renal,+16175550161,,,',
        ',Oncology,617-555-0162,mobile,,',
        'Cy Dee,Nowhere,not-a-number,fax,02/03/1990,Mars/Olympus',
      ].join('\n'),
    );
    const run = await cli(['import-patients', '--org', 'Riverside Clinic', '--file', file], env);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('Imported 2 patient(s); rejected 2 row(s).');
    expect(run.stderr).toContain('line 4: name is empty');
    expect(run.stderr).toMatch(/line 5: team "Nowhere" does not exist; phone is not a valid phone number; phone_type must be mobile, landline or unknown; date_of_birth must be YYYY-MM-DD; time_zone "Mars\/Olympus" is not an IANA time zone/);
  });

  it('exports a patient history as JSON and CSV, and audits the export', async () => {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    const ann = (await client.query(`select id, time_zone from patient where name = 'Ann Ode'`)).rows[0];
    expect(ann.time_zone).toBe('America/Chicago');
    const patient = ann.id as string;
    const out = join(dir, 'ann.json');
    const json = await cli(['export-patient', '--patient', patient, '--out', out], env);
    expect(json.code).toBe(0);
    const exported = JSON.parse(readFileSync(out, 'utf8'));
    expect(exported.patient).toMatchObject({ id: patient, name: 'Ann Ode', team: 'Oncology', phones: ['+16175550160'] });
    expect(exported.messages).toEqual([]);
    const csv = await cli(['export-patient', '--patient', patient, '--format', 'csv'], env);
    expect(csv.code).toBe(0);
    const audits = await client.query(`select details from audit_log where action = 'patient.export' and patient_id = $1`, [patient]);
    await client.end();
    expect(audits.rows.map((row) => row.details.format).sort()).toEqual(['csv', 'json']);
  });

  it('rotates the generated JWT secret', async () => {
    const before = (await cli(['rotate-secret', 'jwt'], env)).code;
    expect(before).toBe(0);
    const first = readFileSync(join(dir, 'secrets', 'jwt-secret'), 'utf8');
    expect((await cli(['rotate-secret', 'jwt'], env)).code).toBe(0);
    expect(readFileSync(join(dir, 'secrets', 'jwt-secret'), 'utf8')).not.toBe(first);
    expect((await cli(['rotate-secret', 'nonsense'], env)).code).toBe(2);
  });

  it('prints usage for an unknown command', async () => {
    const run = await cli(['frobnicate'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Usage: npm run cli');
  });
});
