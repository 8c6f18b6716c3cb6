export { matchPath, safeReturnPath } from './match';
export { Router } from './router.svelte';
export type { NavigateOptions } from './router.svelte';
