import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

/** Where the NestJS server listens during development (same origin in production). */
const apiOrigin = 'http://localhost:3000';

export default defineConfig({
  plugins: [svelte()],
  resolve: {
    // Compile the shared TypeScript source directly; its dist is CommonJS for the server.
    alias: {
      '@care/shared': fileURLToPath(new URL('../shared/src/index.ts', import.meta.url)),
      // The browser only formats numbers and pre-checks typed ones (the server validates with the full
      // metadata): the small metadata keeps the app's JavaScript well under its 200 KB gzip budget.
      'libphonenumber-js/max': 'libphonenumber-js/min',
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
  server: {
    proxy: {
      '/api': apiOrigin,
      '/socket.io': { target: apiOrigin, ws: true },
      '/webhooks': apiOrigin,
    },
  },
});
