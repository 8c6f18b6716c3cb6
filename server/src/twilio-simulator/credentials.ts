/**
 * The simulator's fixed, public test credentials (contract §5). They are public on purpose:
 * tools and tests sign webhooks with them exactly as Twilio would with a real auth token.
 */
export const SIMULATOR_ACCOUNT_SID = 'AC00000000000000000000000000000000';
export const SIMULATOR_AUTH_TOKEN = '00000000000000000000000000000000';

/** Twilio's test-credential sender that is always valid (twilio-facts §7). */
export const ALWAYS_OWNED_NUMBER = '+15005550006';

export const API_VERSION = '2010-04-01';
