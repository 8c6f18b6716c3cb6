import { renderTemplate, templateVariables, type TemplateValues } from './template-renderer';

const values: TemplateValues = {
  'patient.firstName': 'Maria',
  'patient.lastName': 'Alvarez',
  'patient.name': 'Maria Alvarez',
  'user.firstName': 'Nina',
  'user.name': 'Nina Nurse',
  'org.name': 'Demo Health & Care',
  'line.number': '+16175550100',
  'line.name': 'Cardiology line',
};

describe('template rendering (Handlebars, plain text)', () => {
  it('fills the variables and does not HTML-escape', () => {
    expect(renderTemplate('Hi {{patient.firstName}}, {{user.firstName}} from {{org.name}} here. Call {{line.number}}.', values)).toBe(
      'Hi Maria, Nina from Demo Health & Care here. Call +16175550100.',
    );
  });

  it('names a variable that has no value (422), never leaves a blank', () => {
    expect(() => renderTemplate('Call {{line.number}}', { ...values, 'line.number': null })).toThrow('Template variable {{line.number}} has no value');
  });

  it('refuses unknown variables, helpers, blocks and broken syntax', () => {
    expect(() => templateVariables('Hi {{firstName}}')).toThrow(/Unknown template variable \{\{firstName\}\}/);
    expect(() => templateVariables('{{#if patient.firstName}}x{{/if}}')).toThrow(/not a block/);
    expect(() => templateVariables('{{lookup patient "x"}}')).toThrow(/only use variables/);
    expect(() => templateVariables('Hi {{patient.firstName')).toThrow(/not valid/);
  });

  it('lists the variables used, once each', () => {
    expect(templateVariables('{{patient.firstName}} {{org.name}} {{patient.firstName}}')).toEqual(['patient.firstName', 'org.name']);
  });
});
