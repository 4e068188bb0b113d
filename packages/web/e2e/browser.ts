/**
 * The browser side of the journeys: Debian's headless Chromium through playwright-core, phone and
 * desk contexts whose clocks follow the server's, the SMS-code login of each area and screenshots.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';

export type Lang = 'zh-CN' | 'en';
export type Area = 'shop' | 'leader' | 'driver' | 'supplier' | 'admin';
export type Size = 'phone' | 'desk';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
export const screenshotDir = join(import.meta.dirname, '..', 'e2e-output', 'screenshots');

export const viewports = {
  phone: { width: 390, height: 844 },
  desk: { width: 1440, height: 900 },
} as const;

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
}

export interface ContextOptions {
  /** The browser's clock starts here and runs (the server's "now"); absent: the real clock. */
  now?: Date;
}

/** A resident's, leader's or driver's phone: 390x844, touch, retina. */
export async function phoneContext(browser: Browser, options: ContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: viewports.phone,
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 2,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  if (options.now) await context.clock.install({ time: options.now });
  return context;
}

/** An office desk: 1440x900. */
export async function deskContext(browser: Browser, options: ContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: viewports.desk, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  if (options.now) await context.clock.install({ time: options.now });
  return context;
}

/** A text field by its test id, whether the id sits on the <input> (Ant Design) or on its wrapper (antd-mobile). */
export function field(page: Page | Locator, testId: string): Locator {
  const id = `[data-testid="${testId}"]`;
  return page.locator(`input${id}, textarea${id}, ${id} input, ${id} textarea`).first();
}

export function byTestId(page: Page | Locator, testId: string): Locator {
  return page.locator(`[data-testid="${testId}"]`);
}

/**
 * Logs in on an area's login screen: the phone, "get code" (the dev SMS provider answers the code
 * and the page fills it in), then submit; waits until the login screen is gone.
 */
export async function logIn(page: Page, base: string, area: Area, phone: string, lang: Lang): Promise<void> {
  await page.goto(`${base}/${area}/${lang === 'en' ? '?lang=en' : ''}`);
  const phoneField = field(page, 'login-phone');
  await phoneField.waitFor({ state: 'visible' });
  await phoneField.fill(phone);
  await byTestId(page, 'login-send-code').click();
  const code = field(page, 'login-code');
  await waitForValue(code, /^\d{6}$/);
  await byTestId(page, 'login-submit').click();
  await phoneField.waitFor({ state: 'detached' });
}

async function waitForValue(input: Locator, pattern: RegExp, timeout = 10_000): Promise<string> {
  const until = Date.now() + timeout;
  for (;;) {
    const value = await input.inputValue();
    if (pattern.test(value)) return value;
    if (Date.now() > until) throw new Error(`the field never showed a value like ${pattern} (it shows '${value}')`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Saves a screenshot at both sizes as e2e-output/screenshots/<lang>/<area>-<screen>-<size>.png:
 * first at the page's own size, then the page is resized to the other size and back.
 */
export async function screenshots(page: Page, lang: Lang, area: Area, screen: string): Promise<void> {
  const dir = join(screenshotDir, lang);
  mkdirSync(dir, { recursive: true });
  const own = page.viewportSize();
  const ownSize: Size = own && own.width < 800 ? 'phone' : 'desk';
  const other: Size = ownSize === 'phone' ? 'desk' : 'phone';
  // Desk-size pictures at CSS pixels (a phone context's 2x would make them 2880 wide and slow to encode).
  const scale = (size: Size) => (size === 'desk' ? 'css' : 'device');
  await settleFrames(page, 300);
  await page.screenshot({ path: join(dir, `${area}-${screen}-${ownSize}.png`), scale: scale(ownSize) });
  await page.setViewportSize(viewports[other]);
  await settleFrames(page);
  await page.screenshot({ path: join(dir, `${area}-${screen}-${other}.png`), scale: scale(other) });
  await page.setViewportSize(viewports[ownSize]);
  await settleFrames(page);
}

/** Lets layout, fonts, images and the open/resize transitions finish before a screenshot. */
async function settleFrames(page: Page, ms = 120): Promise<void> {
  await page
    .evaluate(async () => {
      await document.fonts.ready;
      const images = [...document.images].filter((img) => !img.complete);
      const loaded = (img: HTMLImageElement) =>
        new Promise((r) => {
          img.addEventListener('load', r, { once: true });
          img.addEventListener('error', r, { once: true });
          setTimeout(r, 2000);
        });
      await Promise.all(images.map(loaded));
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    })
    .catch(() => undefined);
  await page.waitForTimeout(ms);
}
