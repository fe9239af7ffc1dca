import express from 'express';
import { describe, expect, it } from 'vitest';
import { routedMethods } from './not-found.js';

describe('routedMethods', () => {
  const app = express();
  const inner = express.Router();
  inner.get('/api/v1/cases', () => undefined);
  inner.post('/api/v1/cases/:id/acknowledge', () => undefined);
  app.use(inner);
  app.use(
    '/mounted',
    express.Router().put('/thing', () => undefined),
  );
  app.use((_req, _res, next) => next());
  const stack = () => (app as unknown as { router: { stack: unknown[] } }).router.stack;

  it('reads the methods of every route a path matches, in nested and mounted routers', () => {
    expect([...routedMethods(stack(), '/api/v1/cases')]).toEqual(['GET', 'HEAD']);
    expect([...routedMethods(stack(), '/api/v1/cases/c1/acknowledge')]).toEqual(['POST']);
    expect([...routedMethods(stack(), '/mounted/thing')]).toEqual(['PUT']);
  });

  it('finds none for a path nothing routes, or one that cannot be decoded', () => {
    expect(routedMethods(stack(), '/api/v1/nope').size).toBe(0);
    expect(routedMethods(stack(), '/api/v1/cases/%E0%A4%A/acknowledge').size).toBe(0);
  });
});
