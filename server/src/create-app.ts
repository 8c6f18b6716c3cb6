import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { ValidationPipe, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger as PinoLogger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module';
import type { AppConfig } from './config/app-config';
import { HttpExceptionFilter } from './common/errors/http-exception.filter';
import { spaFallback } from './web/spa-fallback';
import { bodyParsers } from './web/body-parsers';
import { plainTextInput } from './web/plain-text-input';
import { securityHeaders } from './web/security-headers';
import { httpMetrics } from './observability/http-metrics.middleware';
import { MetricsService } from './observability/metrics.service';
import { setupApiDocs } from './observability/api-docs';
import { RedisIoAdapter } from './realtime/redis-io.adapter';

export interface CreateAppOptions {
  /** The built Svelte app to serve on the same origin; null serves none. */
  clientDist: string | null;
  /** Logger for Nest's start-up (before the app's own pino logger takes over). */
  logger: LoggerService | false;
  /** Where the structured logs go (default stdout); tests capture them to check for PHI. */
  logDestination?: DestinationStream;
}

/** Builds and initialises the Nest application (not yet listening). Used by main and by tests. */
export async function createApp(config: AppConfig, options: CreateAppOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, { logDestination: options.logDestination }), {
    bodyParser: false,
    logger: options.logger,
    abortOnError: false,
  });
  try {
    configure(app, config, options);
    if (config.redisUrl) {
      const adapter = new RedisIoAdapter(app);
      await adapter.connect(config.redisUrl, { databaseUrl: config.database.url });
      app.useWebSocketAdapter(adapter);
    }
    await app.init();
  } catch (error) {
    // Release what NestFactory already opened (database pool, ...) before reporting.
    await app.close().catch(() => undefined);
    throw error;
  }
  // From here on, everything (including Nest's own messages) goes through pino.
  if (options.logger !== false) app.useLogger(app.get(PinoLogger));
  return app;
}

function configure(app: NestExpressApplication, config: AppConfig, options: CreateAppOptions): void {
  app.disable('x-powered-by');
  app.use(securityHeaders());
  app.use(httpMetrics(app.get(MetricsService)));
  app.use(...bodyParsers());
  app.use(plainTextInput());
  app.useGlobalPipes(
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, errorHttpStatusCode: 422, stopAtFirstError: true }),
  );
  app.useGlobalFilters(new HttpExceptionFilter());
  setupApiDocs(app, config);
  if (options.clientDist && existsSync(options.clientDist)) {
    app.useStaticAssets(options.clientDist, { index: false, maxAge: '1h' });
    app.use(spaFallback(options.clientDist));
  }
}
