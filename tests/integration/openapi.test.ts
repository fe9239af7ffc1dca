import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every METHOD path the express app routes, read from its router stack. */
function routes(): Set<string> {
  const app = server.app.express as unknown as { router: { stack: Layer[] } };
  const out = new Set<string>();
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) {
          out.add(`${method.toUpperCase()} ${layer.route.path.replace(/:(\w+)/g, '{$1}')}`);
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk(app.router.stack);
  return out;
}

describe('the OpenAPI document', () => {
  it('lists exactly the /api/v1 and /open311 routes the server has', async () => {
    const res = await fetch(`${server.url}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, object> };
    expect(doc.openapi).toBe('3.1.0');
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
      ),
    );
    // Open311 routes take `.{format}` only to refuse `.xml` by name; the document has `.json`.
    const served = new Set(
      [...routes()]
        .filter((r) => r.includes(' /api/v1/') || r.includes(' /open311/'))
        .filter((r) => !r.startsWith('_ALL '))
        .map((r) => r.replace('.{format}', '.json')),
    );
    expect(served.size).toBeGreaterThan(25);
    expect([...served].filter((r) => !documented.has(r))).toEqual([]);
    expect([...documented].filter((r) => !served.has(r))).toEqual([]);
  });

  it('its schemas come from the contract', async () => {
    const doc = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as {
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    expect(Object.keys(doc.components.schemas.Case?.properties ?? {})).toContain('ackDueAt');
    expect(doc.components.schemas.FollowUpBody?.properties?.satisfaction).toMatchObject({
      enum: ['satisfied', 'basic', 'unsatisfied'],
    });
  });
});
