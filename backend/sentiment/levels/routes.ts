import { Router } from 'express';
import type { RegionTree } from '../../regions/tree.js';
import type { SentimentEngine } from '../engine.js';

/** Read-only views for integrators and the wall: regions, levels, active alerts. */
export function levelsRouter(deps: { regions: RegionTree; sentiment: SentimentEngine }): Router {
  const router = Router();
  router.get('/api/v1/regions', (_req, res) => {
    res.json({
      county: { code: deps.regions.county.code, name: deps.regions.county.name },
      regions: deps.regions.all,
    });
  });
  router.get('/api/v1/levels', (req, res) => {
    const under = typeof req.query.regionCode === 'string' ? req.query.regionCode : '';
    res.json({ levels: deps.sentiment.levelViews().filter((l) => l.regionCode.startsWith(under)) });
  });
  router.get('/api/v1/alerts', (_req, res) => {
    res.json({ alerts: deps.sentiment.activeAlerts() });
  });
  return router;
}
