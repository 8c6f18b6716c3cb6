import type { LineDto, TemplateDto } from '@care/shared';
import { errorMessage, type CareApi } from '../lib/api';

/** Sending lines and message templates: loaded once per session, used by every composer. */
export class Catalog {
  #lines = $state.raw<LineDto[]>([]);
  #templates = $state.raw<TemplateDto[]>([]);
  #error = $state<string | null>(null);
  readonly #api: CareApi;
  #loading: Promise<void> | null = null;
  #loaded = false;

  constructor(api: CareApi) {
    this.#api = api;
  }

  get lines(): LineDto[] {
    return this.#lines;
  }
  get templates(): TemplateDto[] {
    return this.#templates;
  }
  get error(): string | null {
    return this.#error;
  }

  lineById(id: string | null | undefined): LineDto | null {
    if (!id) return null;
    return this.#lines.find((line) => line.id === id) ?? null;
  }

  ensureLoaded(): Promise<void> {
    if (this.#loaded) return Promise.resolve();
    this.#loading ??= this.#load().finally(() => {
      this.#loading = null;
    });
    return this.#loading;
  }

  reset(): void {
    this.#lines = [];
    this.#templates = [];
    this.#error = null;
    this.#loaded = false;
  }

  async #load(): Promise<void> {
    this.#error = null;
    // Each list is useful alone: one failing does not hide the other.
    const [lines, templates] = await Promise.allSettled([this.#api.listLines(), this.#api.listTemplates()]);
    if (lines.status === 'fulfilled') this.#lines = lines.value;
    if (templates.status === 'fulfilled') this.#templates = templates.value;
    const failed = [lines, templates].find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) this.#error = `Lines or templates could not be loaded: ${errorMessage(failed.reason)}`;
    else this.#loaded = true;
  }
}
