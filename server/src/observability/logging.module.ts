import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { AppConfig } from '../config/app-config';
import { pathOnly, REDACTED_PATHS } from './log-redaction';

/** pino-http takes either options (with a transport) or [options, stream]. */
function withDestination<T>(options: T, destination: DestinationStream | undefined): T | [T, DestinationStream] {
  return destination ? [options, destination] : options;
}

/**
 * Structured JSON logs (pino), one line per request with its request id (taken from
 * `X-Request-Id` or generated, and echoed back), redacted of PHI; pretty when LOG_FORMAT=pretty.
 */
@Module({})
export class LoggingModule {
  static forRoot(config: AppConfig, destination?: DestinationStream): DynamicModule {
    const pretty = config.logFormat === 'pretty' && !destination;
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: withDestination(
            {
              level: config.logLevel,
              redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
              genReqId: (request: IncomingMessage, response: ServerResponse) => {
                const given = request.headers['x-request-id'];
                const id = typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
                response.setHeader('X-Request-Id', id);
                return id;
              },
              serializers: {
                req: (request: { id: string; method: string; url: string }) => ({ id: request.id, method: request.method, path: pathOnly(request.url) }),
                res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
              },
              customLogLevel: (_request: IncomingMessage, response: ServerResponse, error?: Error) =>
                error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
              autoLogging: { ignore: (request: IncomingMessage) => pathOnly(request.url).startsWith('/api/health') || !pathOnly(request.url).match(/^\/(api|webhooks|metrics)/) },
              ...(pretty ? { transport: { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' } } } : {}),
            },
            pretty ? undefined : (destination ?? process.stdout),
          ),
        }),
      ],
    };
  }
}
