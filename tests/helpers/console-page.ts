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

/** The page fits the screen's width: nothing to scroll sideways. */
export async function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

/** Every visible control smaller than 40 × 40 px (a file input counts by its label). */
export async function smallTapTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const small: string[] = [];
    const controls = document.querySelectorAll<HTMLElement>(
      'button, a[href], input:not([type="file"]), select, textarea, label.btn',
    );
    for (const el of controls) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      if (box.width < 40 || box.height < 40) {
        const what = (el.textContent ?? '').trim().slice(0, 16) || el.getAttribute('name');
        small.push(`${el.tagName.toLowerCase()} "${what}" ${box.width}×${box.height}`);
      }
    }
    return small;
  });
}
