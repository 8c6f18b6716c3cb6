import { SvelteSet } from 'svelte/reactivity';

/**
 * Messages this tab sent "now" that the server held for the organisation's quiet hours (they came
 * back `scheduled` without a `sendAt`). The wire shape does not say why a message is scheduled,
 * so the tab that sent it remembers, and offers "Send now anyway".
 */
export const heldMessages = new SvelteSet<string>();
