import type express from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The phone page for leaders (dashboard/leader.html, built with the wall). */
export function serveLeaderPage(app: express.Express, wallDir: string | undefined): void {
  const page = wallDir ? join(wallDir, 'leader.html') : null;
  app.get('/leader', (_req, res) => {
    if (!page || !existsSync(page)) {
      res
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('领导端页面尚未构建：请先运行 npm run build:wall');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(page);
  });
}
