import type { SimulatorLogger } from './simulator-types';

/** The default: a library should not write to the console unless asked to. */
export const SILENT_LOGGER: SimulatorLogger = { info: () => {}, warn: () => {}, error: () => {} };

/** Origin and path only, for logs: a query string could carry secrets. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.origin + parsed.pathname;
  } catch {
    return '(invalid url)';
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
