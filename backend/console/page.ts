import type express from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The 工作台 (dashboard/console.html, built with the wall): the county dispatcher at a desk,
 * town and village staff on a phone. The page itself holds no data; its API calls want the
 * session.
 */
export function serveConsolePage(app: express.Express, wallDir: string | undefined): void {
  const page = wallDir ? join(wallDir, 'console.html') : null;
  app.get('/console', (_req, res) => {
    if (!page || !existsSync(page)) {
      res
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('工作台页面尚未构建：请先运行 npm run build:wall');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(page);
  });
}
