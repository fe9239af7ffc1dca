import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const backend = 'http://localhost:3000';

/**
 * The four pages: the wall (index.html → src/wall/), the leaders' phone page (leader.html →
 * src/leader/), the residents' report page (report.html → src/report/) and the staff's 工作台
 * of work orders (console.html → src/console/); src/shared/ holds what more than one of them
 * uses. The contract comes in as '#contracts' (package.json "imports"). Run from the repo root:
 * `vite build --config dashboard/vite.config.ts`.
 */
export default defineConfig({
  root,
  base: '/',
  plugins: [vue()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 800,
    rollupOptions: {
      input: {
        wall: fileURLToPath(new URL('./index.html', import.meta.url)),
        leader: fileURLToPath(new URL('./leader.html', import.meta.url)),
        report: fileURLToPath(new URL('./report.html', import.meta.url)),
        console: fileURLToPath(new URL('./console.html', import.meta.url)),
      },
    },
  },
  server: {
    proxy: {
      '/socket.io': { target: backend, ws: true },
      '/api': { target: backend },
    },
  },
});
