import { ApiError, errorMessage, parseApiError } from './api-error';

describe('parseApiError', () => {
  it('reads the server error body', () => {
    const error = parseApiError(401, 'Unauthorized', JSON.stringify({ statusCode: 401, error: 'Unauthorized', message: 'Invalid email or password' }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(401);
    expect(error.message).toBe('Invalid email or password');
    expect(error.error).toBe('Unauthorized');
    expect(error.isUnauthorized).toBe(true);
  });

  it('keeps a domain error code', () => {
    const error = parseApiError(409, 'Conflict', JSON.stringify({ statusCode: 409, error: 'Conflict', message: 'The patient opted out', code: 'PATIENT_OPTED_OUT' }));
    expect(error.code).toBe('PATIENT_OPTED_OUT');
  });

  it('joins validation messages sent as an array', () => {
    const error = parseApiError(422, 'Unprocessable Entity', JSON.stringify({ statusCode: 422, error: 'Unprocessable Entity', message: ['body should not be empty', 'body must be shorter than or equal to 1600 characters'] }));
    expect(error.message).toBe('body should not be empty; body must be shorter than or equal to 1600 characters');
  });

  it('falls back to a readable message for bodies that are not JSON', () => {
    const error = parseApiError(502, 'Bad Gateway', '<html>proxy error</html>');
    expect(error.status).toBe(502);
    expect(error.error).toBe('Bad Gateway');
    expect(error.message).toMatch(/server had a problem/iu);
  });

  it('falls back when the JSON has no message', () => {
    expect(parseApiError(404, 'Not Found', '{}').message).toMatch(/not found/iu);
  });
});

describe('errorMessage', () => {
  it('prefers the ApiError message, then any Error, then a generic text', () => {
    expect(errorMessage(new ApiError(409, 'Opted out', 'Conflict'))).toBe('Opted out');
    expect(errorMessage(new Error('boom'))).toBe('boom');
    expect(errorMessage('weird')).toBe('Something went wrong.');
  });

  it('names network failures', () => {
    const error = ApiError.network(new TypeError('Failed to fetch'));
    expect(error.isNetworkError).toBe(true);
    expect(errorMessage(error)).toMatch(/cannot reach the server/iu);
  });
});
