/** The demo organisation of contract §1. Numbers are fictional (NANP 555-01xx range). */
export const DEMO_PASSWORD = 'demo-password';

export const DEMO_TEAMS = ['Cardiology', 'Diabetes'] as const;
export type DemoTeam = (typeof DEMO_TEAMS)[number];

export const DEMO_LINES: { name: string; number: string; team: DemoTeam; isDefault: boolean }[] = [
  { name: 'Cardiology line', number: '+16175550100', team: 'Cardiology', isDefault: true },
  { name: 'Diabetes line', number: '+16175550200', team: 'Diabetes', isDefault: false },
];

export const DEMO_USERS: { email: string; name: string; role: 'admin' | 'supervisor' | 'member'; teams: DemoTeam[] }[] = [
  { email: 'admin@demo.test', name: 'Ada Admin', role: 'admin', teams: [] },
  { email: 'supervisor@demo.test', name: 'Sam Supervisor', role: 'supervisor', teams: [] },
  { email: 'nurse@demo.test', name: 'Nina Nurse', role: 'member', teams: ['Cardiology'] },
  { email: 'coach@demo.test', name: 'Cody Coach', role: 'member', teams: ['Diabetes'] },
];

export const DEMO_PATIENTS: {
  name: string;
  team: DemoTeam;
  dateOfBirth: string;
  phones: { number: string; type: 'mobile' | 'landline' }[];
}[] = [
  { name: 'Maria Alvarez', team: 'Cardiology', dateOfBirth: '1956-03-14', phones: [{ number: '+16175550111', type: 'mobile' }, { number: '+16175550191', type: 'landline' }] },
  { name: 'James Okafor', team: 'Cardiology', dateOfBirth: '1949-11-02', phones: [{ number: '+16175550112', type: 'mobile' }] },
  { name: 'Linh Tran', team: 'Cardiology', dateOfBirth: '1962-07-21', phones: [{ number: '+16175550113', type: 'mobile' }] },
  { name: 'Robert Kowalski', team: 'Cardiology', dateOfBirth: '1958-01-30', phones: [{ number: '+16175550114', type: 'mobile' }] },
  { name: 'Aisha Rahman', team: 'Diabetes', dateOfBirth: '1975-05-09', phones: [{ number: '+16175550115', type: 'mobile' }] },
  { name: 'Tom Becker', team: 'Diabetes', dateOfBirth: '1981-09-17', phones: [{ number: '+16175550116', type: 'mobile' }] },
  { name: 'Grace Lee', team: 'Diabetes', dateOfBirth: '1969-12-05', phones: [{ number: '+16175550117', type: 'mobile' }] },
  { name: 'Daniel Moreau', team: 'Diabetes', dateOfBirth: '1990-04-26', phones: [{ number: '+16175550118', type: 'mobile' }] },
];

export const DEMO_TEMPLATES: { name: string; body: string; team: DemoTeam | null }[] = [
  { name: 'Appointment reminder', body: 'Hi {{patient.firstName}}, this is a reminder of your appointment tomorrow. Reply YES to confirm or call us to reschedule.', team: null },
  { name: 'Check-in', body: 'Hi {{patient.firstName}}, this is {{user.firstName}} from {{org.name}}. How are you feeling today? Reply with any questions for your care team.', team: null },
  { name: 'Blood pressure log', body: 'Hi {{patient.firstName}}, please text us this morning\'s blood pressure reading when you can.', team: 'Cardiology' },
  { name: 'Glucose reading', body: 'Hi {{patient.firstName}}, please send your fasting glucose reading from today.', team: 'Diabetes' },
];
