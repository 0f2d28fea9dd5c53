// Builds the checklist UI to static files the gateway serves (no CDN, no source maps, nothing inline).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  publicDir: 'public',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // The polyfill would be a separate request for nothing: the gateway serves modern browsers only.
    modulePreload: { polyfill: false },
    // Keep the CSS in a file: the page's CSP allows only style-src 'self'.
    cssCodeSplit: false,
    assetsInlineLimit: 0,
    target: 'es2022',
  },
});
