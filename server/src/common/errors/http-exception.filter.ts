import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { Response } from 'express';
import type { ApiErrorBody } from '@care/shared';
import { DomainError, type ErrorCode } from './domain-error';

const STATUS_BY_CODE = {
  not_found: HttpStatus.NOT_FOUND,
  opted_out: HttpStatus.CONFLICT,
  invalid_input: HttpStatus.UNPROCESSABLE_ENTITY,
  conflict: HttpStatus.CONFLICT,
  no_line: HttpStatus.UNPROCESSABLE_ENTITY,
  unauthorized: HttpStatus.UNAUTHORIZED,
  twilio_rejected: HttpStatus.UNPROCESSABLE_ENTITY,
  twilio_unavailable: HttpStatus.BAD_GATEWAY,
  resync: HttpStatus.CONFLICT,
  too_many_attempts: HttpStatus.TOO_MANY_REQUESTS,
  forbidden: HttpStatus.FORBIDDEN,
  too_large: HttpStatus.PAYLOAD_TOO_LARGE,
  unsupported_type: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
} satisfies Record<ErrorCode, number>;

/** Every HTTP error leaves as `{statusCode, error, message}` (contract §3). */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    if (body.statusCode >= 500) {
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    }
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ApiErrorBody {
    if (exception instanceof DomainError) {
      const statusCode = STATUS_BY_CODE[exception.code];
      return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message: exception.message, code: exception.code };
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const raw = exception.getResponse();
      const message = typeof raw === 'string' ? raw : (raw as { message?: unknown }).message;
      // A failed readiness check (terminus) keeps its per-dependency details.
      const health = typeof raw === 'object' && raw !== null && 'details' in raw && 'error' in raw ? (raw as { details: unknown; error: Record<string, unknown> }) : null;
      if (health) {
        return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message: `Not ready: ${Object.keys(health.error).join(', ')}`, details: health.details };
      }
      return {
        statusCode,
        error: STATUS_CODES[statusCode] ?? 'Error',
        message: Array.isArray(message) ? message.join('; ') : String(message ?? exception.message),
      };
    }
    return { statusCode: 500, error: 'Internal Server Error', message: 'Something went wrong on our side. It has been logged.' };
  }
}
