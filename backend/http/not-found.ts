import type { Request, RequestHandler, Response } from 'express';
import { sendError } from './errors.js';

/** What of express's router (router 2.x) a request's path is checked against. */
interface Layer {
  match(path: string): false | { path: string };
  route?: { _methods(): string[] };
  handle?: { stack?: Layer[] };
}

/** Long paths are cut in messages. */
const SHOWN_PATH = 200;

/** For a person who opened an address that is not a page: in Chinese, with the way back. */
const PAGE = `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>页面不存在 · 民情气象</title></head>
<body>
<h1>页面不存在</h1>
<p>您打开的地址不存在，请检查链接。</p>
<p><a href="/">返回大屏</a> · <a href="/leader">领导端</a></p>
</body>
</html>
`;

/**
 * The methods the app routes for `path` (upper case, HEAD with GET), read from the router at the
 * moment of asking: every router mounted after this one was built is seen too.
 */
export function routedMethods(stack: readonly unknown[], path: string): Set<string> {
  const methods = new Set<string>();
  for (const layer of stack.filter(isLayer)) {
    let match: ReturnType<Layer['match']>;
    try {
      match = layer.match(path);
    } catch {
      continue; // a path that cannot be decoded matches nothing
    }
    if (!match) continue;
    if (layer.route) {
      const routed = typeof layer.route._methods === 'function' ? layer.route._methods() : [];
      for (const method of routed) methods.add(method.toUpperCase());
    } else if (Array.isArray(layer.handle?.stack)) {
      const rest = path.slice(match.path.length) || '/';
      for (const method of routedMethods(layer.handle.stack as unknown[], rest))
        methods.add(method);
    }
  }
  if (methods.has('GET')) methods.add('HEAD');
  return methods;
}

/** A layer of the shape this reads; anything else (another router's) is passed over. */
function isLayer(value: unknown): value is Layer {
  return typeof (value as Partial<Layer> | null)?.match === 'function';
}

/** A browser opening a page (not the API, not a script asking for data). */
function wantsPage(req: Request): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (req.path === '/api' || req.path.startsWith('/api/')) return false;
  return req.accepts(['json', 'html']) === 'html';
}

/**
 * The last handler before the error handler: what nothing answered. A known path asked with a
 * method it does not take is 405 with `Allow` (OPTIONS answers the `Allow` alone);
 * anything else is 404: JSON `{error, message}` in Chinese first, or a Chinese page for a
 * browser opening an address that is not a page. Never express's English HTML.
 */
export function notFound(router: () => { stack: readonly unknown[] }): RequestHandler {
  return (req: Request, res: Response) => {
    // As narrow as express's own 404 was: nothing here loads anything.
    res.setHeader('Content-Security-Policy', "default-src 'none'");
    const path = req.path.length > SHOWN_PATH ? `${req.path.slice(0, SHOWN_PATH)}…` : req.path;
    const allowed = [...routedMethods(router().stack, req.path)];
    // A route that takes this method but let it pass (declined) leaves a plain 404.
    if (allowed.length > 0 && !allowed.includes(req.method)) {
      res.setHeader('Allow', allowed.join(', '));
      if (req.method === 'OPTIONS') {
        res.status(204).end();
        return;
      }
      sendError(
        res,
        405,
        'method_not_allowed',
        `接口 ${path} 不支持 ${req.method}，可用：${allowed.join('、')} / method not allowed`,
      );
      return;
    }
    if (wantsPage(req)) {
      res.status(404).type('html').send(PAGE);
      return;
    }
    sendError(res, 404, 'not_found', `接口 ${req.method} ${path} 不存在 / not found`);
  };
}
