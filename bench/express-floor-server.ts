/**
 * Second baseline for the ingest benchmarks: the backend's framework alone. Express with the
 * same body parser and limit as `POST /api/v1/reports`, answering 202 without validating,
 * storing or evaluating anything. Raw Node → this → the backend splits the gap into what the
 * framework costs and what the work costs.
 */
import express from 'express';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BODY_LIMIT } from '../backend/auth/require-key.js';

const app = express();
app.disable('x-powered-by');
app.set('etag', false);
app.post('/api/v1/reports', express.json({ limit: BODY_LIMIT, strict: false }), (req, res) => {
  const accepted = Array.isArray(req.body) ? req.body.length : 1;
  res.status(202).json({ accepted, duplicates: 0, ids: [] });
});
const server = createServer(app);
server.listen(0, '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
