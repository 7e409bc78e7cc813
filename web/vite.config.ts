import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The dashboard build: `npm run build` writes web/dist (index.html and content-hashed files under
 * /assets, which the API serves with a year-long immutable cache). `npm run dev -w @booth/web` serves
 * it with hot reload and forwards /api to the API (API_PORT, default 3000).
 */
export default defineConfig({
  plugins: [react()],
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: true,
    // No inline <script> or data: module: the API's CSP allows scripts from its own origin only.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    // livekit-client alone is ~575 kB minified (~150 kB gzipped); everything else is well below.
    chunkSizeWarningLimit: 640,
    rollupOptions: {
      output: {
        // Libraries in their own long-cached files: a dashboard change does not re-download them.
        manualChunks: {
          react: ['react', 'react-dom'],
          livekit: ['livekit-client'],
          zod: ['zod'],
        },
      },
    },
  },
  server: {
    proxy: { '/api': `http://127.0.0.1:${process.env.API_PORT ?? '3000'}` },
  },
});
