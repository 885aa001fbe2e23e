import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { CSP, cspMeta } from './scripts/viteCsp';

// The page is a static site: no server of our own. The worker is bundled as an ES module.
export default defineConfig({
  plugins: [react(), cspMeta()],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
  server: { port: 5173 },
  // `vite preview` (the e2e tests) sends the policy as a header too, as a host should: unlike
  // the meta tag, a header also covers the trainer worker's script (docs/reliability.md)
  preview: { headers: { 'Content-Security-Policy': CSP } },
});
