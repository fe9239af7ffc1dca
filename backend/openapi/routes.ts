import { Router } from 'express';
import { openApiDocument } from './document.js';

export function openApiRouter(): Router {
  const router = Router();
  const document = openApiDocument();
  router.get('/api/v1/openapi.json', (_req, res) => {
    res.json(document);
  });
  return router;
}
