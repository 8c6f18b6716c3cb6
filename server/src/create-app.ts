import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { ValidationPipe, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import type { AppConfig } from './config/app-config';
import { HttpExceptionFilter } from './common/errors/http-exception.filter';
import { spaFallback } from './web/spa-fallback';
import { bodyParsers } from './web/body-parsers';
import { RedisIoAdapter } from './realtime/redis-io.adapter';

export interface CreateAppOptions {
  /** The built Svelte app to serve on the same origin; null serves none. */
  clientDist: string | null;
  logger: LoggerService | false;
}

/** Builds and initialises the Nest application (not yet listening). Used by main and by tests. */
export async function createApp(config: AppConfig, options: CreateAppOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    logger: options.logger,
    abortOnError: false,
  });
  app.disable('x-powered-by');
  app.use(...bodyParsers());
  app.useGlobalPipes(
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, errorHttpStatusCode: 422, stopAtFirstError: true }),
  );
  app.useGlobalFilters(new HttpExceptionFilter());
  if (options.clientDist && existsSync(options.clientDist)) {
    app.useStaticAssets(options.clientDist, { index: false, maxAge: '1h' });
    app.use(spaFallback(options.clientDist));
  }
  if (config.redisUrl) {
    const adapter = new RedisIoAdapter(app);
    await adapter.connect(config.redisUrl);
    app.useWebSocketAdapter(adapter);
  }
  await app.init();
  return app;
}
