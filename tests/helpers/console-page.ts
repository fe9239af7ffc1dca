import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { DEMO_PASSWORD } from './cases.js';

declare global {
  interface Window {
    /** CSP violations the page saw (recordViolations). */
    __csp: string[];
  }
}

/** Runs in the page before its scripts: every CSP violation lands in `window.__csp`. */
export function recordViolations(): void {
  window.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__csp.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'}`);
  });
}

/** A village cadre's phone and a dispatcher's desk. */
export const PHONE = {
  viewport: { width: 375, height: 667 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};
export const DESK = { viewport: { width: 1440, height: 900 } };

/** Open /console (with `hash`, e.g. `#order=…`), log in through the form, wait until live. */
export async function openConsole(
  url: string,
  context: BrowserContext,
  username: string,
  hash = '',
): Promise<Page> {
  const page = await context.newPage();
  await page.addInitScript(recordViolations);
  const res = await page.goto(`${url}/console${hash}`);
  expect(res?.status()).toBe(200);
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', DEMO_PASSWORD);
  await page.click('button[type="submit"]');
  await page.waitForSelector('[data-connected="true"]', { timeout: 10_000 });
  return page;
}
