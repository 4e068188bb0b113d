/** The driver's steps in /driver (a phone). */
import { expect } from 'vitest';
import { driverLocales } from '../../src/areas/driver/locales.ts';
import { byTestId } from '../browser.ts';
import { expectVisibleTexts, tr } from './text.ts';
import { PHONES, type World } from './world.ts';

const d = (w: World, key: string) => tr(driverLocales, w.lang, key);

/** The driver departs, arrives at the leader's pickup point and hands the bundle over. */
export async function driverDelivers(w: World): Promise<void> {
  const page = await w.logIn('driver', PHONES.driver);
  const card = byTestId(page, 'route-card').first();
  await card.waitFor();
  await w.shot('driver', 'routes');
  await byTestId(card, 'depart').click();
  await expect.poll(() => byTestId(card, 'depart').count(), { timeout: 15_000, message: 'the route has departed' }).toBe(0);
  await byTestId(card, 'route-open').click();
  const stop = byTestId(page, 'stop-item').filter({ hasText: w.facts.leaderPointName }).first();
  await stop.waitFor();
  await expectVisibleTexts(page, [d(w, 'stopStatus.pending')]);
  await w.shot('driver', 'route');
  await stop.click();
  await byTestId(page, 'map-link').waitFor();
  await byTestId(page, 'arrive').click();
  await byTestId(page, 'hand-over').click();
  await w.shot('driver', 'hand-over');
  await byTestId(page, 'hand-over-confirm').click();
  await byTestId(page, 'awaiting-leader').waitFor({ timeout: 15_000 });
  await w.shot('driver', 'stop-handed-over');
}

/** Once the leader signed for it, the driver's stop reads confirmed. */
export async function driverSeesConfirmed(w: World): Promise<void> {
  const page = await w.page('driver');
  await page.reload();
  await byTestId(page, 'leader-confirmed').waitFor({ timeout: 15_000 });
  await w.shot('driver', 'stop-confirmed');
}
