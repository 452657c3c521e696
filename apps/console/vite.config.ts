/// <reference types="vitest/config" />
import { defineConfig } from 'vite';

// The API serves the build at /admin (apps/api/src/console); in development the dev server proxies the API.
const api = process.env.LEADFLOW_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: __dirname,
  base: '/admin/',
  // No @vitejs/plugin-react: esbuild's automatic JSX runtime is all this app needs (no fast refresh).
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // The libraries change less often than the app: separate files stay cached across console releases.
    rollupOptions: {
      output: {
        manualChunks: {
          flow: ['@xyflow/react'],
          querybuilder: ['react-querybuilder'],
        },
      },
    },
  },
  server: {
    port: 5173,
    strictPort: false,
    proxy: { '/api': { target: api, changeOrigin: false } },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
