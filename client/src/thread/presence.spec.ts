import { describePresence, listNames } from './presence';

const now = Date.parse('2025-03-04T15:00:00Z');
const later = '2025-03-04T15:00:04Z';
const earlier = '2025-03-04T14:59:59Z';

describe('describePresence', () => {
  it('names other viewers, never me', () => {
    const view = describePresence(
      { patientId: 'p', viewers: [{ id: 'me', name: 'Nina Nurse' }, { id: 's', name: 'Sam Supervisor' }], typing: [] },
      'me',
      now,
    );
    expect(view.viewing).toBe('Sam Supervisor is viewing');
    expect(view.typing).toBeNull();
    expect(view.nextChange).toBeNull();
  });

  it('says who is typing until their indication lapses', () => {
    const data = {
      patientId: 'p',
      viewers: [{ id: 'me', name: 'Nina' }, { id: 's', name: 'Sam' }, { id: 'a', name: 'Ada' }],
      typing: [{ id: 's', name: 'Sam', until: later }, { id: 'me', name: 'Nina', until: later }],
    };
    const view = describePresence(data, 'me', now);
    expect(view.typing).toBe('Sam is typing…');
    expect(view.typists).toEqual(['Sam']);
    expect(view.viewing).toBe('Ada is viewing');
    expect(view.nextChange).toBe(Date.parse(later));
    const lapsed = describePresence(data, 'me', Date.parse(later) + 1);
    expect(lapsed.typing).toBeNull();
    expect(lapsed.viewing).toBe('Sam and Ada are viewing');
  });

  it('ignores typing entries already expired', () => {
    const view = describePresence({ patientId: 'p', viewers: [], typing: [{ id: 's', name: 'Sam', until: earlier }] }, 'me', now);
    expect(view.typing).toBeNull();
    expect(describePresence(null, 'me', now).viewing).toBeNull();
  });

  it('lists names in plain English', () => {
    expect(listNames([])).toBe('');
    expect(listNames(['A'])).toBe('A');
    expect(listNames(['A', 'B'])).toBe('A and B');
    expect(listNames(['A', 'B', 'C'])).toBe('A, B and C');
    expect(listNames(['A', 'B', 'C', 'D', 'E'])).toBe('A, B and 3 others');
  });
});
