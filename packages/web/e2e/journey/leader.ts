/** The group leader's steps in /leader (a phone). */
import { expect } from 'vitest';
import { leaderLocales } from '../../src/areas/leader/locales.ts';
import { byTestId, field } from '../browser.ts';
import { expectVisibleTexts, textOf, tr } from './text.ts';
import { PHONES, type World } from './world.ts';

const l = (w: World, key: string) => tr(leaderLocales, w.lang, key);

/** The OK of an antd-mobile Dialog.confirm on screen. */
const dialogConfirm = '.adm-dialog .adm-dialog-button-bold';

/** The leader logs in, sees the day's order and signs for the delivery. */
export async function leaderChecksInDelivery(w: World): Promise<void> {
  const page = await w.logIn('leader', PHONES.leader);
  await byTestId(page, 'summary-orders').waitFor();
  await expectVisibleTexts(page, [l(w, 'tabs.home'), l(w, 'tabs.verify'), l(w, 'home.todaySales')]);
  await w.shot('leader', 'home');
  await w.open('leader', 'deliveries');
  const delivery = byTestId(page, 'deliveries-item').first();
  await delivery.waitFor();
  await expectVisibleTexts(page, [l(w, 'deliveries.title')]);
  await w.shot('leader', 'deliveries');
  await byTestId(delivery, 'confirm-delivery').click();
  await page.locator(dialogConfirm).click();
  await byTestId(page, 'delivery-done').waitFor({ timeout: 15_000 });
  await w.shot('leader', 'delivery-confirmed');
}

/** The resident shows the pickup code; the leader finds the order by it and hands it out. */
export async function leaderVerifiesPickup(w: World): Promise<void> {
  if (!w.facts.pickupCode) throw new Error('no pickup code known: the order step did not run');
  const page = await w.open('leader', 'verify');
  await field(page, 'verify-code-input').fill(w.facts.pickupCode);
  await expectVisibleTexts(page, [l(w, 'verify.title')]);
  await w.shot('leader', 'verify');
  await byTestId(page, 'verify-find').click();
  await byTestId(page, 'pickup-order').waitFor({ timeout: 15_000 });
  await w.shot('leader', 'verify-order');
  await byTestId(page, 'verify-confirm').click();
  await byTestId(page, 'verify-done').waitFor({ timeout: 15_000 });
  await w.shot('leader', 'verify-done');
}

/** After the after-sales window the leader's commission is released: available to withdraw, with its statement lines. */
export async function leaderSeesCommission(w: World): Promise<void> {
  const page = await w.open('leader', 'commission');
  const amount = async () => Number((await textOf(byTestId(page, 'commission-balance'))).replace(/[^\d.]/g, ''));
  await expect
    .poll(
      async () => {
        await page.reload();
        await byTestId(page, 'commission-line').first().waitFor({ timeout: 10_000 });
        return amount();
      },
      { timeout: 30_000, interval: 1000, message: "the leader's available commission is more than zero" },
    )
    .toBeGreaterThan(0);
  await expectVisibleTexts(page, [l(w, 'commission.title')]);
  await w.shot('leader', 'commission');
  await w.open('leader', '');
  await expect.poll(async () => Number((await textOf(byTestId(page, 'summary-available'))).replace(/[^\d.]/g, ''))).toBeGreaterThan(0);
  await w.shot('leader', 'home-commission');
}
