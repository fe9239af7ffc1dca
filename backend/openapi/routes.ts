import { Router } from 'express';
import { openApiDocument, type OpenApiFragment } from './document.js';

export function openApiRouter(extra?: OpenApiFragment): Router {
  const router = Router();
  const document = openApiDocument(extra);
  router.get('/api/v1/openapi.json', (_req, res) => {
    res.json(document);
  });
  return router;
}
