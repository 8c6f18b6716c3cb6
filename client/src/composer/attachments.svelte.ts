import type { AttachmentDto } from '@care/shared';
import { isAbort, type CareApi } from '../lib/api';
import type { Toasts } from '../lib/ui/toasts.svelte';
import { checkPickedFiles } from './attachment-check';

export interface DraftAttachment {
  /** Local key (the server id is known only once uploaded). */
  key: number;
  name: string;
  size: number;
  type: string;
  /** 0..1 while uploading. */
  progress: number;
  /** Set once uploaded. */
  uploaded: AttachmentDto | null;
}

export interface AttachmentDeps {
  api: CareApi;
  toasts: Toasts;
}

/** The files attached to a draft: uploaded as soon as they are picked, sent by id. */
export class DraftAttachments {
  #items = $state.raw<DraftAttachment[]>([]);
  #nextKey = 1;
  readonly #uploads = new Map<number, AbortController>();
  readonly #deps: AttachmentDeps;

  constructor(deps: AttachmentDeps) {
    this.#deps = deps;
  }

  get items(): DraftAttachment[] {
    return this.#items;
  }
  get uploading(): boolean {
    return this.#items.some((item) => item.uploaded === null);
  }
  /** Ids of the uploaded files, in the order they were picked. */
  get ids(): string[] {
    return this.#items.flatMap((item) => (item.uploaded ? [item.uploaded.id] : []));
  }

  /** Checks the picked files against Twilio's limits, then uploads the good ones (each on its own). */
  async add(files: readonly File[]): Promise<void> {
    const { accepted, problems } = checkPickedFiles(this.#items, files);
    for (const problem of problems) this.#deps.toasts.error(`Cannot attach ${problem}`);
    await Promise.all(accepted.map((file) => this.#upload(file)));
  }

  remove(key: number): void {
    this.#uploads.get(key)?.abort();
    this.#items = this.#items.filter((item) => item.key !== key);
  }

  /** After a send: the files went with the text (an attachment goes once). */
  clear(): void {
    for (const controller of this.#uploads.values()) controller.abort();
    this.#items = [];
  }

  /** Puts back what a failed send took (the ids are still the sender's to use). */
  restore(items: readonly DraftAttachment[]): void {
    const known = new Set(this.#items.map((item) => item.key));
    this.#items = [...items.filter((item) => !known.has(item.key)), ...this.#items];
  }

  async #upload(file: File): Promise<void> {
    const key = this.#nextKey++;
    const controller = new AbortController();
    this.#uploads.set(key, controller);
    this.#items = [...this.#items, { key, name: file.name, size: file.size, type: file.type, progress: 0, uploaded: null }];
    try {
      const uploaded = await this.#deps.api.uploadAttachment(file, {
        signal: controller.signal,
        onProgress: (progress) => this.#update(key, { progress }),
      });
      this.#update(key, { progress: 1, uploaded });
    } catch (error) {
      this.#items = this.#items.filter((item) => item.key !== key);
      if (!isAbort(error)) this.#deps.toasts.error(`Could not attach ${file.name}`, error);
    } finally {
      this.#uploads.delete(key);
    }
  }

  #update(key: number, patch: Partial<DraftAttachment>): void {
    this.#items = this.#items.map((item) => (item.key === key ? { ...item, ...patch } : item));
  }
}
