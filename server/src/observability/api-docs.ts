import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { AppConfig } from '../config/app-config';
import { BEARER_AUTH } from '../common/api-route.decorator';

/** Where the OpenAPI document and its UI are served (no bearer token needed: they hold no data). */
export const API_DOCS_PATH = 'api/docs';
export const API_DOCS_JSON_PATH = 'api/docs.json';
/** Protects /metrics; a separate scheme so the UI does not send the user's token there. */
export const METRICS_AUTH = 'metrics-token';

/**
 * OpenAPI 3 document generated from the controllers' decorators (`@ApiRoute`, DTOs'
 * `@ApiProperty`), with Swagger UI at /api/docs and the JSON at /api/docs.json. The UI loads only
 * same-origin scripts (swagger-ui-dist's files and the generated swagger-ui-init.js), so it works
 * under the app's Content-Security-Policy.
 */
export function setupApiDocs(app: NestExpressApplication, config: AppConfig): void {
  const builder = new DocumentBuilder()
    .setTitle('SMS Communication Center API')
    .setVersion(packageVersion())
    .setDescription(description(config))
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'The `accessToken` from `POST /api/auth/login`' }, BEARER_AUTH)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'opaque', description: 'The operator-configured `METRICS_TOKEN` (not a user token)' }, METRICS_AUTH);
  const document = SwaggerModule.createDocument(app, builder.build());
  SwaggerModule.setup(API_DOCS_PATH, app, document, {
    jsonDocumentUrl: API_DOCS_JSON_PATH,
    yamlDocumentUrl: 'api/docs.yaml',
    customSiteTitle: 'SMS Communication Center API',
    swaggerOptions: {
      // The online validator badge would load an image from validator.swagger.io (blocked by CSP, and a leak).
      validatorUrl: null,
      persistAuthorization: false,
      tagsSorter: 'alpha',
    },
  });
}

function description(config: AppConfig): string {
  return [
    'The HTTP API of the SMS Communication Center. Log in with `POST /api/auth/login` and send the',
    "`accessToken` as `Authorization: Bearer <token>` (the **Authorize** button). Another team's patient",
    'is a 404, never data. Errors answer `{statusCode, error, message, code?}` (schema `ApiErrorBody`);',
    'validation errors (422) name the field. Lists answer `{items, nextCursor}`; pass `?cursor=` for the next page.',
    '',
    `Twilio calls \`${config.http.publicBaseUrl}/webhooks/twilio/inbound\` and \`.../status\` (form-encoded,`,
    'signed with `X-Twilio-Signature`; see the **twilio-webhooks** tag).',
    '',
    '**Real time (Socket.IO)** is on the same origin: `io(origin, { auth: { token: accessToken } })`.',
    'Its events (server → client, in the envelope `{eventId, type, at, data}`), the client calls with their',
    'acknowledgements, `sync` after a reconnect and the `resync` answer are documented in',
    '`docs/realtime-events.md` of the source tree (the types: `shared/src/events.ts`).',
  ].join('\n');
}

/** The server package's version (server/package.json, beside src/ and dist/). */
function packageVersion(): string {
  try {
    const parsed = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version?: unknown };
    return typeof parsed.version === 'string' ? parsed.version : '0.1.0';
  } catch {
    return '0.1.0';
  }
}
