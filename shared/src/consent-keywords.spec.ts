import { classifyKeyword } from './consent-keywords';

describe('classifyKeyword', () => {
  it.each([
    ['STOP', 'STOP'],
    ['stop', 'STOP'],
    ['  Unsubscribe ', 'STOP'],
    ['OPTOUT', 'STOP'],
    ['revoke', 'STOP'],
    ['Stop!', 'STOP'],
    ['start', 'START'],
    ['UNSTOP', 'START'],
    ['yes', 'START'],
    ['HELP', 'HELP'],
    ['info', 'HELP'],
  ])('%j is %s', (body, kind) => {
    expect(classifyKeyword(body)).toBe(kind);
  });

  it.each(['STOP PLEASE', 'please stop', 'OPT OUT', '', 'stopping', 'Stop calling me'])('%j is not a keyword', (body) => {
    expect(classifyKeyword(body)).toBeNull();
  });
});
