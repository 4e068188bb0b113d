import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Resources } from '../../src/common/i18n.ts';
import type { Lang } from '../browser.ts';

/** A string of an area's locales by its dotted key, in the journey's language (without interpolation). */
export function tr(resources: Resources, lang: Lang, key: string): string {
  let node: unknown = resources[lang];
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  if (typeof node !== 'string') throw new Error(`no string '${key}' in ${lang}`);
  return node;
}

/** Waits until the page shows each text somewhere visible. */
export async function expectVisibleTexts(page: Page, texts: string[]): Promise<void> {
  for (const text of texts) {
    await expect
      .poll(async () => page.getByText(text, { exact: false }).first().isVisible(), {
        timeout: 10_000,
        message: `text '${text}' on screen`,
      })
      .toBe(true);
  }
}

/** An element's text ('' when it has none or is gone). */
export async function textOf(locator: Locator): Promise<string> {
  return ((await locator.textContent({ timeout: 10_000 }).catch(() => null)) ?? '').trim();
}
