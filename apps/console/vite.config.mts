import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

// The API serves the build at `/` (apps/api/src/console/serve-console.ts): relative asset URLs,
// everything bundled (the bank's machines reach no CDN), JSX by Vite's own transformer.
export default defineConfig({
  root: here,
  base: './',
  oxc: { jsx: { runtime: 'automatic' } },
  build: { outDir: `${here}../../dist/apps/console`, emptyOutDir: true, chunkSizeWarningLimit: 1024 },
});
