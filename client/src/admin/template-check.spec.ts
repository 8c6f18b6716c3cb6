import { templateProblems } from './template-check';

describe('templateProblems', () => {
  it('accepts the known variables, spaced or not', () => {
    expect(templateProblems('Hi {{patient.firstName}}, this is {{ user.name }} from {{org.name}}.')).toEqual([]);
    expect(templateProblems('No variables at all')).toEqual([]);
  });

  it('names unknown variables, helpers and broken braces', () => {
    expect(templateProblems('Hi {{firstName}}')).toEqual(['Unknown variable {{firstName}}.']);
    expect(templateProblems('{{#if patient.name}}x{{/if}}')[0]).toMatch(/not allowed/);
    expect(templateProblems('{{lookup patient "name"}}')[0]).toMatch(/not allowed/);
    expect(templateProblems('Hi {{patient.firstName}')).toEqual(['Braces do not match: write variables as {{patient.firstName}}.']);
  });
});
