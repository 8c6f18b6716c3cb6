import { knownValues, previewTemplate, searchTemplates } from './template-preview';

const values = knownValues({ patientName: 'Maria Alvarez', userName: 'Nina Nurse', line: { name: 'Cardiology line', number: '+16175550100' } });

describe('previewTemplate', () => {
  it('fills what the app knows and leaves the rest for the server', () => {
    const preview = previewTemplate('Hi {{patient.firstName}}, this is {{user.firstName}} from {{org.name}}. Call {{ line.number }}.', values);
    expect(preview.text).toBe('Hi Maria, this is Nina from {{org.name}}. Call +16175550100.');
    expect(preview.unknown).toEqual(['org.name']);
    expect(preview.parts).toEqual([
      { kind: 'text', text: 'Hi ' },
      { kind: 'value', variable: 'patient.firstName', text: 'Maria' },
      { kind: 'text', text: ', this is ' },
      { kind: 'value', variable: 'user.firstName', text: 'Nina' },
      { kind: 'text', text: ' from ' },
      { kind: 'unknown', variable: 'org.name', text: '{{org.name}}' },
      { kind: 'text', text: '. Call ' },
      { kind: 'value', variable: 'line.number', text: '+16175550100' },
      { kind: 'text', text: '.' },
    ]);
  });

  it('splits names like the server and treats missing parts as unknown', () => {
    expect(previewTemplate('{{patient.lastName}}', values).text).toBe('Alvarez');
    const single = knownValues({ patientName: 'Cher', userName: null });
    expect(previewTemplate('{{patient.lastName}} {{user.name}}', single).unknown).toEqual(['patient.lastName', 'user.name']);
  });

  it('never substitutes an unknown variable name or a value with braces', () => {
    expect(previewTemplate('Hi {{firstName}}', values).unknown).toEqual(['firstName']);
    const odd = knownValues({ patientName: '{{user.name}}', userName: 'Nina' });
    expect(previewTemplate('Hi {{patient.name}}', odd).text).toBe('Hi {{patient.name}}');
  });

  it('keeps text without variables as it is', () => {
    expect(previewTemplate('Plain text', values)).toEqual({ parts: [{ kind: 'text', text: 'Plain text' }], text: 'Plain text', unknown: [] });
  });
});

describe('searchTemplates', () => {
  const templates = [
    { id: '1', name: 'Appointment reminder', body: 'Reminder of your appointment', teamId: null },
    { id: '2', name: 'Check-in', body: 'How are you feeling today?', teamId: null, category: 'follow-up' },
  ];

  it('matches every word against name, category and text', () => {
    expect(searchTemplates(templates, '').map((t) => t.id)).toEqual(['1', '2']);
    expect(searchTemplates(templates, 'feeling').map((t) => t.id)).toEqual(['2']);
    expect(searchTemplates(templates, 'FOLLOW').map((t) => t.id)).toEqual(['2']);
    expect(searchTemplates(templates, 'appointment reminder').map((t) => t.id)).toEqual(['1']);
    expect(searchTemplates(templates, 'appointment feeling')).toEqual([]);
  });
});
