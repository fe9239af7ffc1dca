import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const backend = 'http://localhost:3000';

/**
 * The shared contract builds its zod schemas at module top level (`export const X = z.object(…)`).
 * Building a schema is pure, but a bundler cannot know it, so importing one label map from the
 * contract would pull every schema and all of zod into the wall. This wraps each top-level
 * initializer that calls something in a pure-annotated arrow, so unused schemas are dropped and
 * used ones behave exactly as before. Build only; the contract files are not changed.
 */
function pureContractSchemas(): Plugin {
  const contracts = fileURLToPath(new URL('../contracts/', import.meta.url));
  return {
    name: 'minqing:pure-contract-schemas',
    apply: 'build',
    enforce: 'post',
    transform(code, id) {
      if (!id.startsWith(contracts)) return null;
      const edits: { start: number; end: number }[] = [];
      for (const node of this.parse(code).body) {
        const declaration = node.type === 'ExportNamedDeclaration' ? node.declaration : node;
        if (declaration?.type !== 'VariableDeclaration') continue;
        for (const { init } of declaration.declarations) {
          if (init && /\(/.test(code.slice(init.start, init.end))) edits.push(init);
        }
      }
      let out = code;
      for (const { start, end } of edits.reverse()) {
        out = `${out.slice(0, start)}/* @__PURE__ */ (() => (${out.slice(start, end)}))()${out.slice(end)}`;
      }
      return { code: out, map: null };
    },
  };
}

/** The wall page. Run from the repo root: `vite build --config dashboard/vite.config.ts`. */
export default defineConfig({
  root,
  base: '/',
  plugins: [vue(), pureContractSchemas()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 800,
  },
  server: {
    proxy: {
      '/socket.io': { target: backend, ws: true },
      '/api': { target: backend },
    },
  },
});
