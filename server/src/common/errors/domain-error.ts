/** Errors the domain throws; one filter maps each code to an HTTP status (and the WS layer to `{ok:false}`). */
export const ERROR_CODES = [
  'not_found',
  'opted_out',
  'invalid_input',
  'conflict',
  'no_line',
  'unauthorized',
  'twilio_rejected',
  'twilio_unavailable',
  'resync',
  'too_many_attempts',
  'forbidden',
  'too_large',
  'unsupported_type',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Also what another team's resource looks like: never confirm that it exists. */
export class NotFoundError extends DomainError {
  constructor(what: string) {
    super('not_found', `${what} not found`);
  }
}

export class OptedOutError extends DomainError {
  constructor() {
    super('opted_out', 'This number has opted out of text messages (replied STOP). It must text START before you can message it.');
  }
}

export class InvalidInputError extends DomainError {
  constructor(message: string) {
    super('invalid_input', message);
  }
}

export class UnauthorizedError extends DomainError {
  constructor(message = 'Authentication required') {
    super('unauthorized', message);
  }
}

/** A socket client is too far behind to replay; it must reload its state. */
export class ResyncRequiredError extends DomainError {
  constructor() {
    super('resync', 'resync');
  }
}

/** The caller may see the resource but not do this to it (e.g. a member assigning someone else). */
export class ForbiddenError extends DomainError {
  constructor(message: string) {
    super('forbidden', message);
  }
}
