import type { EntityManager } from '@mikro-orm/postgresql';
import { Organization } from '../../organizations/organization.entity';
import { Team } from '../../organizations/team.entity';
import { User } from '../../users/user.entity';
import { Patient } from '../../patients/patient.entity';
import { PatientPhone } from '../../patients/patient-phone.entity';
import { Line } from '../../lines/line.entity';
import { Template } from '../../templates/template.entity';
import { DEMO_LINES, DEMO_PASSWORD, DEMO_PATIENTS, DEMO_TEAMS, DEMO_TEMPLATES, DEMO_USERS, type DemoTeam } from './demo-data';

/**
 * Seeds the demo organisation into an empty database, in one transaction.
 * Returns false (and changes nothing) when any organisation already exists: never seeds twice.
 */
export async function seedDemo(em: EntityManager, hashPassword: (plain: string) => Promise<string>): Promise<boolean> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return em.transactional(async (tx) => {
    // Serialise concurrent seeders (two replicas starting together).
    await tx.execute('select pg_advisory_xact_lock(727001)');
    if ((await tx.count(Organization, {})) > 0) return false;

    const organization = new Organization('Demo Health Clinic');
    // The demo must answer at any hour, wherever someone tries it: quiet hours start off (same start
    // and end). Real organisations keep the 21:00–08:00 default; admins set it in Admin → Organisation.
    organization.quietHoursStart = '00:00';
    organization.quietHoursEnd = '00:00';
    const teams = new Map<DemoTeam, Team>(DEMO_TEAMS.map((name) => [name, new Team(organization, name)]));
    const team = (name: DemoTeam): Team => teams.get(name)!;
    tx.persist([organization, ...teams.values()]);

    for (const spec of DEMO_USERS) {
      const user = new User(organization, spec.email, spec.name, spec.role, passwordHash);
      user.teams.set(spec.teams.map(team));
      tx.persist(user);
    }
    for (const spec of DEMO_LINES) {
      const line = new Line(organization, spec.name, { number: spec.number });
      line.team = team(spec.team);
      line.isDefault = spec.isDefault;
      tx.persist(line);
    }
    for (const spec of DEMO_PATIENTS) {
      const patient = new Patient(organization, team(spec.team), spec.name);
      patient.dateOfBirth = spec.dateOfBirth;
      spec.phones.forEach((phone, position) => patient.phones.add(new PatientPhone(patient, phone.number, phone.type, position)));
      tx.persist(patient);
    }
    for (const spec of DEMO_TEMPLATES) {
      tx.persist(new Template(organization, spec.name, spec.body, spec.team ? team(spec.team) : null));
    }
    return true;
  });
}
