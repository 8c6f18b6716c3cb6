export * from './messages';
export * from './message-status';
export * from './segments';
export * from './consent-keywords';
export * from './phone';
export * from './api';
export * from './events';
export * from './twilio-errors';
