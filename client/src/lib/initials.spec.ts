import { firstName, initials } from './initials';

describe('initials', () => {
  it('takes the first letters of the first and last words', () => {
    expect(initials('Nina Nurse')).toBe('NN');
    expect(initials('  maria del  carmen alvarez ')).toBe('MA');
    expect(initials('Ada')).toBe('A');
    expect(initials('')).toBe('?');
    expect(initials(null)).toBe('?');
  });

  it('gives the first name', () => {
    expect(firstName('Sam Supervisor')).toBe('Sam');
    expect(firstName(undefined)).toBe('');
  });
});
