import { Router } from 'express';
import type { RulesSource } from '../sentiment/rules/rules-source.js';
import type { ReportStore } from '../store/store.js';

export function healthRouter(deps: {
  store: ReportStore;
  rules: RulesSource | null;
  /** Outgoing notification channels; a failing one shows here without making us unready. */
  notify?: () => { ok: boolean };
}): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', (_req, res) => {
    const store = deps.store.isReady();
    // A spooled store (InfluxDB) that falls behind is degraded, not unready: reports are still
    // accepted and safe on local disk, so this stays HTTP 200.
    const status = deps.store.status?.();
    const degraded = status?.state === 'degraded';
    const checks = {
      store: { ok: store, kind: deps.store.kind, ...status },
      rules: {
        ok: true,
        file: deps.rules?.file ?? null,
        loadedAt: deps.rules?.loadedAt ?? null,
        lastReloadError: deps.rules?.lastError ?? null,
      },
      ...(deps.notify ? { notify: deps.notify() } : {}),
    };
    res
      .status(store ? 200 : 503)
      .json({ status: !store ? 'not_ready' : degraded ? 'degraded' : 'ready', checks });
  });
  return router;
}
