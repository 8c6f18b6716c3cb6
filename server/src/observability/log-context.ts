import { PinoLogger } from 'nestjs-pino';
import { storage, Store } from 'nestjs-pino/storage';
import type { Bindings } from 'pino';

/** Bindings of the logging context in progress (pino-http's request logger, a job's, a socket call's). */
export function currentLogBindings(): Bindings {
  return storage.getStore()?.logger.bindings() ?? {};
}

/** Runs `work` with every log inside bound to these fields (request id, job id, socket id …). */
export function withLogBindings<T>(bindings: Bindings, work: () => T): T {
  return storage.run(new Store(PinoLogger.root.child(bindings)), work);
}
