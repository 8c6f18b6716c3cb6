import { ConsoleLogger, type LogLevel } from '@nestjs/common';

/** Nest's start-up chatter (one line per module and route) is only useful when debugging. */
const BOOT_CONTEXTS = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'WebSocketsController', 'NestApplication']);

const LEVELS: Record<string, LogLevel[]> = {
  debug: ['debug', 'log', 'warn', 'error', 'fatal'],
  info: ['log', 'warn', 'error', 'fatal'],
  warn: ['warn', 'error', 'fatal'],
  error: ['error', 'fatal'],
};

export class AppLogger extends ConsoleLogger {
  private readonly showBootLogs: boolean;

  constructor(level: 'debug' | 'info' | 'warn' | 'error') {
    super({ logLevels: LEVELS[level], prefix: 'care-sms' });
    this.showBootLogs = level === 'debug';
  }

  override log(message: unknown, context?: string): void {
    if (!this.showBootLogs && context && BOOT_CONTEXTS.has(context)) return;
    super.log(message, context);
  }
}
