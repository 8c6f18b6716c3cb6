/**
 * Standalone simulator: `npm run twilio-sim` (node server/dist/twilio-simulator/main.js).
 *   TWILIO_SIM_PORT          port, default 3001
 *   SIM_INBOUND_WEBHOOK_URL  where inbound SMS go, default http://localhost:3000/webhooks/twilio/inbound
 *   SIM_NUMBERS              comma-separated owned numbers, default the demo lines
 */
import { DEFAULT_SIMULATOR_PORT, createTwilioSimulator } from './simulator';
import type { SimulatorLogger, TwilioSimulatorOptions } from './simulator-types';

const DEFAULT_INBOUND_WEBHOOK_URL = 'http://localhost:3000/webhooks/twilio/inbound';
const DEMO_LINES = ['+16175550100', '+16175550200'];

/** Reads the CLI's environment once; a bad value names its variable. */
export function readCliOptions(env: NodeJS.ProcessEnv): TwilioSimulatorOptions {
  const portText = env.TWILIO_SIM_PORT?.trim() || String(DEFAULT_SIMULATOR_PORT);
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw new Error(`TWILIO_SIM_PORT must be a port number, got "${portText}"`);

  const inboundWebhookUrl = env.SIM_INBOUND_WEBHOOK_URL?.trim() || DEFAULT_INBOUND_WEBHOOK_URL;
  if (!URL.canParse(inboundWebhookUrl)) throw new Error(`SIM_INBOUND_WEBHOOK_URL is not a URL: "${inboundWebhookUrl}"`);

  const numbersText = env.SIM_NUMBERS?.trim();
  const ownedNumbers = numbersText ? numbersText.split(',').map((n) => n.trim()).filter((n) => n !== '') : DEMO_LINES;
  const badNumber = ownedNumbers.find((n) => !/^\+[1-9]\d{1,14}$/.test(n));
  if (badNumber !== undefined) throw new Error(`SIM_NUMBERS must be E.164 numbers, got "${badNumber}"`);

  return { port, inboundWebhookUrl, ownedNumbers };
}

function stdoutLogger(): SimulatorLogger {
  const line = (level: string, msg: string): string => `${new Date().toISOString()} [twilio-sim] ${level} ${msg}\n`;
  return {
    info: (msg) => process.stdout.write(line('info', msg)),
    warn: (msg) => process.stderr.write(line('warn', msg)),
    error: (msg) => process.stderr.write(line('error', msg)),
  };
}

async function main(): Promise<void> {
  let options: TwilioSimulatorOptions;
  try {
    options = readCliOptions(process.env);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  const simulator = createTwilioSimulator({ ...options, logger: stdoutLogger() });
  try {
    await simulator.start();
  } catch (error) {
    process.stderr.write(`Twilio simulator could not listen on port ${options.port ?? ''}: ${String(error)}\n`);
    process.exit(1);
  }

  process.stdout.write(
    [
      `Twilio simulator on ${simulator.url}`,
      `  account SID     ${simulator.accountSid}`,
      `  auth token      ${simulator.authToken}   (fixed, public test credentials)`,
      `  owned numbers   ${simulator.ownedNumbers().join(', ')}`,
      `  inbound webhook ${options.inboundWebhookUrl ?? ''}`,
      `  text a line:    curl -X POST ${simulator.url}/sim/inbound -H 'content-type: application/json' \\`,
      `                    -d '{"from":"+16175550111","to":"${options.ownedNumbers?.[0] ?? ''}","body":"Hello"}'`,
      '',
    ].join('\n'),
  );

  const stop = (): void => {
    simulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) void main();
