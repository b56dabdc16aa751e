import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer build. Served identically by Electron's app:// protocol and by the browser host,
// both from dist/renderer with the same CSP (no inline scripts, so nothing here may emit one).
export default defineConfig({
  root: 'src-renderer',
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: true,
    modulePreload: { polyfill: false },
  },
});
