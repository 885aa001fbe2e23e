import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { cspMeta } from './scripts/viteCsp';

// The page is a static site: no server of our own. The worker is bundled as an ES module.
export default defineConfig({
  plugins: [react(), cspMeta()],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
  server: { port: 5173 },
});
