import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * The Content-Security-Policy of every answer. The pages (dashboard/dist: the wall, /leader, the
 * village QR page /r/…) are vite builds: module scripts and stylesheets from /assets, no inline
 * script, ECharts drawing on canvas, Socket.IO to the same origin. Vue's `:style` bindings go
 * through the CSSOM (element.style), which a CSP does not govern, so no 'unsafe-inline' either.
 * `ws:` / `wss:` let browsers that do not count a same-host WebSocket as 'self' open /wall.
 */
export const CSP_DIRECTIVES = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'", 'ws:', 'wss:'],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
} as const satisfies Record<string, readonly string[]>;

/**
 * Security headers on every response, pages and API alike (helmet): the CSP above, no framing
 * (frame-ancestors 'none' and X-Frame-Options DENY), `nosniff`, `Referrer-Policy: no-referrer` (a
 * wall address with ?token=… never leaves in a Referer), HSTS for deployments behind https, and
 * same-origin opener and resource policies. Mounted first, so error answers carry them too.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
  });
}
