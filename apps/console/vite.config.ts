/// <reference types="vitest/config" />
import { join } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

// The API serves the build at /admin (apps/api/src/console); in development the dev server proxies the API.
const api = process.env.LEADFLOW_API_URL ?? 'http://127.0.0.1:3000';

/**
 * codemirror-json-schema renders its hover and completion texts with markdown-it and Shiki (600 kB, with a
 * WebAssembly engine) although the DSL's descriptions are plain sentences: its one markdown module is swapped
 * for src/editor/schema-markdown.ts, which has the same export.
 */
const plainSchemaMarkdown: Plugin = {
  name: 'leadflow-plain-schema-markdown',
  enforce: 'pre',
  resolveId(source, importer) {
    if (importer?.includes('codemirror-json-schema') && /\/utils\/markdown(\.js)?$/.test(source))
      return join(__dirname, 'src', 'editor', 'schema-markdown.ts');
    return null;
  },
};

export default defineConfig({
  plugins: [plainSchemaMarkdown],
  // the DSL's pure modules name the domain by its package, which has no build of its own: its sources
  resolve: {
    alias: [{ find: /^@leadflow\/domain$/, replacement: join(__dirname, '../../libs/domain/src/index.ts') }],
  },
  root: __dirname,
  base: '/admin/',
  // No @vitejs/plugin-react: esbuild's automatic JSX runtime is all this app needs (no fast refresh).
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // No manualChunks: with pages loaded lazily, a library lands in the chunk of the pages that use it. A
    // manual "flow" chunk pulled @xyflow/react (199 kB) into every page through a helper it shared.
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
