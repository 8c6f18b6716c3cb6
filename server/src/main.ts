import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/env';
import { DEMO_PASSWORD, DEMO_USERS } from './database/seed/demo-data';
import { startStack, type RunningStack } from './stack';
import { AppLogger } from './common/app-logger';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = new AppLogger(config.logLevel);
  const startedAt = Date.now();
  const stack = await startStack(config, { logger });
  printBanner(stack, Date.now() - startedAt);

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received: stopping`, 'Shutdown');
    stack
      .stop()
      .then(() => process.exit(0))
      .catch(() => process.exit(1));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

function printBanner(stack: RunningStack, elapsedMs: number): void {
  const { config } = stack;
  const lines = [
    '',
    `  SMS Communication Center is running on ${stack.url}  (ready in ${(elapsedMs / 1000).toFixed(1)} s)`,
    `  Database: ${config.database.url && process.env.DATABASE_URL ? 'DATABASE_URL' : `embedded PostgreSQL in ${config.dataDir}`}`,
    config.twilio.mode === 'simulator'
      ? `  Twilio: built-in simulator at ${stack.simulator?.url} (account ${config.twilio.accountSid}, token ${config.twilio.authToken})`
      : `  Twilio: ${config.twilio.apiBaseUrl} (account ${config.twilio.accountSid})`,
    stack.seeded ? '  Demo data seeded.' : '',
    `  Demo logins (password "${DEMO_PASSWORD}"): ${DEMO_USERS.map((user) => user.email).join(', ')}`,
    config.twilio.mode === 'simulator'
      ? `  Text a demo line as a patient: curl -X POST ${stack.simulator?.url}/sim/inbound -H 'content-type: application/json' -d '{"from":"+16175550111","to":"+16175550100","body":"Hello"}'`
      : '',
    '  Press Ctrl-C to stop.',
    '',
  ];
  process.stdout.write(`${lines.filter((line) => line !== '').join('\n')}\n`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`Start-up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
