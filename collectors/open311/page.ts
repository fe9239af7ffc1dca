import { Router } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { RegionTree } from '../../backend/regions/tree.js';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function notFoundPage(code: string, county: string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head><meta charset="UTF-8" /><meta name="viewport" content="width=device-width, initial-scale=1.0" />
<title>未找到该村（社区）</title>
<style>body{font-family:'PingFang SC','Microsoft YaHei','WenQuanYi Micro Hei',sans-serif;margin:0;padding:48px 24px;color:#14213d;background:#f3f6fa;line-height:1.7}h1{font-size:22px}</style>
</head>
<body>
<h1>未找到该村（社区）</h1>
<p>二维码中的村（社区）编号 ${escapeHtml(code)} 不在${escapeHtml(county)}的区划中，可能是二维码印错或已过期。</p>
<p>请联系村委会，或拨打 12345 热线反映问题。</p>
</body>
</html>
`;
}

/**
 * GET /r/{villageCode}: the page a village's printed QR code opens (dashboard/report.html, built
 * with the wall). An unknown village gets a Chinese 404 page; the page not yet built, a 503.
 */
export function villagePageRouter(opts: {
  wallDir: string | undefined;
  regions: RegionTree;
}): Router {
  const router = Router();
  const page = opts.wallDir ? join(opts.wallDir, 'report.html') : null;
  router.get('/r/:villageCode', (req, res) => {
    const code = req.params.villageCode;
    if (opts.regions.get(code)?.kind !== 'village') {
      res
        .status(404)
        .type('text/html; charset=utf-8')
        .send(notFoundPage(code, opts.regions.county.name));
      return;
    }
    if (!page || !existsSync(page)) {
      res
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('群众上报页面尚未构建：请先运行 npm run build:wall');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(page);
  });
  return router;
}
