import { aLine, aMessage } from '../testing/factories';
import { automaticLine } from './line-hint';

const cardiology = aLine({ id: 'cardio', name: 'Cardiology line', teamId: 'team-c', isDefault: true, number: '+16175550100' });
const diabetes = aLine({ id: 'diab', name: 'Diabetes line', teamId: 'team-d', number: '+16175550200' });
const lines = [cardiology, diabetes];

describe('automaticLine', () => {
  it('prefers the line the number last used (either direction)', () => {
    const messages = [
      aMessage({ direction: 'outbound', to: '+16175550111', lineId: 'cardio', createdAt: '2025-01-01T10:00:00Z' }),
      aMessage({ direction: 'inbound', from: '+16175550111', lineId: 'diab', createdAt: '2025-01-01T11:00:00Z' }),
      aMessage({ direction: 'inbound', from: '+16175550999', lineId: 'cardio', createdAt: '2025-01-01T12:00:00Z' }),
    ];
    const hint = automaticLine({ lines, teamId: 'team-c', phoneNumber: '+16175550111', messages });
    expect(hint.reason).toBe('sticky');
    expect(hint.line?.id).toBe('diab');
    expect(hint.text).toBe('Automatic: Diabetes line · (617) 555-0200 — the line this number last used');
  });

  it('falls back to the team line, then the organisation default', () => {
    expect(automaticLine({ lines, teamId: 'team-d', phoneNumber: '+1', messages: [] })).toMatchObject({ reason: 'team', line: { id: 'diab' } });
    expect(automaticLine({ lines, teamId: 'team-x', phoneNumber: '+1', messages: [] })).toMatchObject({ reason: 'organization', line: { id: 'cardio' } });
    expect(automaticLine({ lines: [], teamId: 'team-x', phoneNumber: null, messages: [] })).toMatchObject({ reason: 'none', line: null });
  });

  it('still explains a sticky line the user cannot see', () => {
    const messages = [aMessage({ direction: 'outbound', to: '+1', lineId: 'elsewhere' })];
    expect(automaticLine({ lines, teamId: 'team-c', phoneNumber: '+1', messages })).toMatchObject({ reason: 'sticky', line: null, text: 'Automatic: the same line — the line this number last used' });
  });
});
