import { applyDecorators, HttpStatus, RequestMethod } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiResponse, type SchemaObject } from '@nestjs/swagger';
import type { ApiErrorBody as ApiErrorBodyShape } from '@care/shared';
import { ERROR_CODES } from './errors/domain-error';

/** The bearer scheme's name in the OpenAPI document (`setupApiDocs` declares it). */
export const BEARER_AUTH = 'bearer';

/** Every error answer of the API (HttpExceptionFilter), as one shared schema component. */
export class ApiErrorBody implements ApiErrorBodyShape {
  @ApiProperty({ type: 'integer', example: 404, description: 'The HTTP status, repeated' })
  statusCode: number;

  @ApiProperty({ type: String, example: 'Not Found', description: "The status's reason phrase" })
  error: string;

  @ApiProperty({ type: String, example: 'Patient not found', description: 'For people; validation errors name the field' })
  message: string;

  @ApiPropertyOptional({
    type: String,
    example: 'not_found',
    description: 'Stable machine-readable code when the error is a domain error',
    enum: [...ERROR_CODES],
  })
  code?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Per-dependency state, on a failed readiness check' })
  details?: unknown;
}

export type ApiErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 502 | 503;

/** What each error status means across the API; a route may say more (`{status, description}`). */
const ERROR_DESCRIPTIONS: Record<ApiErrorStatus, string> = {
  400: 'Malformed request',
  401: 'Missing, invalid or expired bearer token (or a disabled user)',
  403: 'The caller may see the resource but not do this (role or ownership)',
  404: "Not found, or not visible to the caller (another team's data is never confirmed)",
  409: 'Conflicts with the current state',
  413: 'Request body too large',
  415: 'Unsupported content type',
  422: 'Validation failed; the message names the field',
  429: 'Too many attempts; try again later',
  502: 'Twilio could not be reached',
  503: 'A dependency is unavailable',
};

export interface ApiRouteOptions {
  summary: string;
  description?: string;
  /** Error statuses the route answers with the ApiErrorBody (401 is added unless `isPublic`). */
  errors?: (ApiErrorStatus | { status: ApiErrorStatus; description: string })[];
  /** No bearer token needed (matches `@Public()`); no 401 or security requirement is added. */
  isPublic?: boolean;
  /** The success answer; its status defaults to what Nest answers (`@HttpCode`, else 201 for POST, else 200). */
  ok?: { status?: number; description: string; contentType?: string; schema?: SchemaObject };
}

/**
 * One decorator per route for the OpenAPI document: summary, success answer, every error answer
 * with the shared ApiErrorBody schema, and the bearer requirement. Put it ABOVE the route's
 * `@Get()`/`@Post()`/`@HttpCode()` so it can read the status Nest will answer.
 */
export function ApiRoute(options: ApiRouteOptions): MethodDecorator {
  return (target, key, descriptor) => {
    const handler = descriptor.value as object;
    const decorators: MethodDecorator[] = [ApiOperation({ summary: options.summary, ...(options.description ? { description: options.description } : {}) })];
    const ok = options.ok ?? { description: 'OK' };
    const status = ok.status ?? successStatus(handler);
    if (ok.contentType) {
      decorators.push(ApiResponse({ status, description: ok.description, content: { [ok.contentType]: { schema: ok.schema ?? { type: 'string' } } } }));
    } else {
      decorators.push(ApiResponse({ status, description: ok.description, ...(ok.schema ? { schema: ok.schema } : {}) }));
    }
    const errors = new Map<ApiErrorStatus, string>();
    if (!options.isPublic) errors.set(401, ERROR_DESCRIPTIONS[401]);
    for (const error of options.errors ?? []) {
      if (typeof error === 'number') errors.set(error, errors.get(error) ?? ERROR_DESCRIPTIONS[error]);
      else errors.set(error.status, error.description);
    }
    for (const [errorStatus, description] of [...errors].sort(([a], [b]) => a - b)) {
      decorators.push(ApiResponse({ status: errorStatus, description, type: ApiErrorBody }));
    }
    if (!options.isPublic) decorators.push(ApiBearerAuth(BEARER_AUTH));
    applyDecorators(...decorators)(target, key, descriptor);
  };
}

/** What Nest answers on success: `@HttpCode`, else 201 for POST and 200 otherwise (like Nest's router). */
function successStatus(handler: object): number {
  const code = Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined;
  if (code) return code;
  const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
  if (method === undefined) throw new Error('@ApiRoute must be placed above the route decorator (@Get, @Post, ...)');
  return method === RequestMethod.POST ? HttpStatus.CREATED : HttpStatus.OK;
}
