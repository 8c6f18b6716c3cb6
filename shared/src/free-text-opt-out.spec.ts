import { detectFreeTextOptOut } from './free-text-opt-out';

describe('detectFreeTextOptOut', () => {
  it.each([
    'please stop texting me',
    'Please STOP texting me!!',
    "don't text me",
    'Don’t text me anymore',
    'do not contact me again',
    'Never message me again',
    'unsubscribe me',
    'Unsubscribe me from this please',
    'no more texts',
    'No more text messages please.',
    'STOP PLEASE',
    'please stop',
    'Stop it!',
    'stop sending me these',
    'Stop the texts',
    'I want to opt out',
    'please opt-out this number',
    'I revoke my consent',
    'I withdraw consent',
    'remove me from your list',
    'take me off this list',
    "I don't want any more texts",
    'I do not want to receive messages',
    'cancel these texts',
    'Cancel my subscription',
    'leave me alone',
    'no me envíen más mensajes',
    'No más mensajes por favor',
  ])('flags %j', (body) => {
    expect(detectFreeTextOptOut(body)).toBe(true);
  });

  it.each([
    // Twilio keywords are not free text: classifyKeyword handles them and they change consent.
    'STOP',
    ' stop ',
    'Unsubscribe',
    'START',
    'HELP',
    // Ordinary replies that merely contain a trigger word.
    'I will stop by the clinic tomorrow',
    'stop by the clinic tomorrow?',
    'Can I stop taking my pills?',
    'I stopped smoking!',
    'Can you text me the address?',
    "Don't forget to text me the results",
    'I need to cancel my appointment',
    'I have no more pain today',
    'Thanks, see you at the end of the week',
    'Yes please',
    '',
    '   ',
  ])('does not flag %j', (body) => {
    expect(detectFreeTextOptOut(body)).toBe(false);
  });
});
