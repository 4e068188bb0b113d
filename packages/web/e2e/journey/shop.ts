/** The resident's steps in /shop (a phone). */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { placeOrder } from '../../../server/src/modules/ordering/ordering.service.ts';
import { payOrder } from '../../../server/src/modules/ordering/order-payment.ts';
import { shopLocales } from '../../src/areas/shop/locales.ts';
import { byTestId, field } from '../browser.ts';
import { tinyPng } from './png.ts';
import { expectVisibleTexts, textOf, tr } from './text.ts';
import { PHONES, type World } from './world.ts';

const s = (w: World, key: string) => tr(shopLocales, w.lang, key);

/** A new resident logs in and chooses the pickup point nearest to them (the demo leader's). */
export async function residentChoosesPoint(w: World): Promise<void> {
  const page = await w.logIn('resident', PHONES.resident);
  await byTestId(page, 'points-origin').waitFor();
  await expectVisibleTexts(page, [s(w, 'points.title'), s(w, 'points.firstTime')]);
  const nearest = byTestId(page, 'point-item').first();
  await expect
    .poll(() => nearest.getAttribute('data-point-id'), { message: 'the nearest point is listed first' })
    .toBe(w.facts.leaderPointId);
  await w.shot('resident', 'points');
  await nearest.click();
  await byTestId(page, 'campaign-line').first().waitFor();
  expect(await textOf(byTestId(page, 'header-point'))).toContain(w.facts.leaderPointName);
  await expectVisibleTexts(page, [s(w, 'tabs.home'), s(w, 'tabs.cart'), s(w, 'tabs.orders'), s(w, 'home.pickupAt')]);
  await w.shot('resident', 'home');
}

/** The resident adds the first product they can buy, checks out and pays; the order shows paid with a pickup code. */
export async function residentOrdersAndPays(w: World): Promise<void> {
  const page = await w.page('resident');
  // Two of a product without a per-resident limit: one of them is claimed later, the other keeps the leader's commission.
  const buyable = byTestId(page, 'campaign-line')
    .filter({ has: page.locator('[data-testid="add-to-cart"]:not([disabled])'), hasNot: page.locator('[data-testid="line-limit"]') })
    .first();
  const lineId = await buyable.getAttribute('data-line-id');
  if (!lineId) throw new Error('a campaign line without data-line-id');
  const line = page.locator(`[data-testid="campaign-line"][data-line-id="${lineId}"]`);
  w.facts.lineId = lineId;
  await learnAboutLine(w, lineId);
  await byTestId(line, 'add-to-cart').click();
  await byTestId(line, 'line-stepper').waitFor();
  await byTestId(line, 'qty-plus').click();
  await expect.poll(() => byTestId(line, 'line-stepper').getAttribute('data-value')).toBe('2');
  await w.shot('resident', 'home-in-cart');
  await byTestId(page, 'cart-tab').click();
  await byTestId(page, 'cart-line').first().waitFor();
  await expectVisibleTexts(page, [s(w, 'cart.title')]);
  await w.shot('resident', 'cart');
  await byTestId(page, 'checkout').click();
  await byTestId(page, 'place-order').click();
  await byTestId(page, 'pay-sheet').waitFor();
  await expectVisibleTexts(page, [s(w, 'pay.title')]);
  await w.shot('resident', 'pay');
  await byTestId(page, 'pay-confirm').click();
  await page.waitForURL(/\/shop\/orders\/[^/]+$/);
  w.facts.orderId = page.url().split('/').pop()!;
  await expectStatus(w, page, 'paid');
  const code = (await textOf(byTestId(page, 'pickup-code'))).replace(/\D/g, '');
  expect(code).toMatch(/^\d{4,8}$/);
  w.facts.pickupCode = code;
  // Before the cutoff a paid order can be cancelled, and the screen says until when.
  await byTestId(page, 'cancel-order').waitFor();
  await expectVisibleTexts(page, [s(w, 'orders.cancel')]);
  await w.shot('resident', 'order-paid');
}

/** After the cutoff the goods are being bought: the paid order offers no cancel any more. */
export async function residentCannotCancel(w: World): Promise<void> {
  const page = await w.open('resident', `orders/${w.facts.orderId}`);
  await expectStatus(w, page, 'paid');
  expect(await byTestId(page, 'cancel-order').count()).toBe(0);
}

/** What the day needs to know about the ordered line: its campaign's cutoff, pickup date and supplier. */
async function learnAboutLine(w: World, lineId: string): Promise<void> {
  const row = await w.server.ctx.db
    .selectFrom('campaign_lines as cl')
    .innerJoin('campaigns as c', 'c.id', 'cl.campaign_id')
    .innerJoin('skus as k', 'k.id', 'cl.sku_id')
    .innerJoin('products as p', 'p.id', 'k.product_id')
    .innerJoin('suppliers as sp', 'sp.id', 'p.supplier_id')
    .select([
      'c.id as campaignId',
      'c.cutoff_at as cutoffAt',
      'c.pickup_date as pickupDate',
      'p.name as productName',
      'sp.phone',
      'sp.name as supplierName',
    ])
    .where('cl.id', '=', lineId)
    .executeTakeFirstOrThrow();
  w.facts.campaignId = row.campaignId;
  w.facts.cutoffAt = new Date(row.cutoffAt);
  w.facts.pickupDate = typeof row.pickupDate === 'string' ? row.pickupDate : new Date(row.pickupDate).toISOString().slice(0, 10);
  w.facts.productName = row.productName;
  w.facts.supplierPhone = row.phone;
  w.facts.supplierName = row.supplierName;
}

/** Opens the order in the shop and waits for its status to read `status` (the shop's words). */
export async function expectStatus(w: World, page: Page, status: string): Promise<void> {
  const wanted = s(w, `orders.status.${status}`);
  await expect
    .poll(
      async () => {
        const text = await textOf(byTestId(page, 'order-status').first());
        if (text.includes(wanted)) return text;
        await page.reload();
        await byTestId(page, 'order-status')
          .first()
          .waitFor({ timeout: 10_000 })
          .catch(() => undefined);
        return textOf(byTestId(page, 'order-status').first());
      },
      { timeout: 30_000, interval: 500, message: `order status '${wanted}'` },
    )
    .toContain(wanted);
}

/** After the pickup the resident's order reads "picked up". */
export async function residentSeesPickedUp(w: World): Promise<void> {
  const page = await w.open('resident', `orders/${w.facts.orderId}`);
  await expectStatus(w, page, 'picked_up');
  await w.shot('resident', 'order-picked-up');
  await byTestId(page, 'orders-tab').click();
  await expectVisibleTexts(page, [s(w, 'orders.title')]);
  await w.shot('resident', 'orders');
}

/** The resident files an after-sales claim on the order with a photo; it shows as waiting. */
export async function residentFilesClaim(w: World): Promise<void> {
  const page = await w.open('resident', `orders/${w.facts.orderId}`);
  await byTestId(page, 'claim-new').first().click();
  await expectVisibleTexts(page, [s(w, 'claim.title')]);
  await byTestId(page, 'claim-form').waitFor();
  await byTestId(page, 'claim-type-damaged').click();
  const photo = join(tmpdir(), `linli-e2e-claim-${process.pid}.png`);
  writeFileSync(photo, tinyPng());
  await byTestId(page, 'claim-photos').locator('input[type="file"]').setInputFiles(photo);
  // The photo is uploaded when chosen: its thumbnail shows without the uploading mask.
  await byTestId(page, 'claim-photos').locator('.adm-image-uploader-cell img').first().waitFor({ timeout: 15_000 });
  await expect.poll(() => byTestId(page, 'claim-photos').locator('.adm-image-uploader-cell-loading').count(), { timeout: 15_000 }).toBe(0);
  await field(page, 'claim-description').fill(w.lang === 'en' ? 'The box arrived crushed' : '到货时包装压坏了');
  await w.shot('resident', 'claim-new');
  await byTestId(page, 'claim-submit').click();
  const status = byTestId(page, 'claim-status').first();
  await status.waitFor({ timeout: 15_000 });
  expect(await status.getAttribute('data-status')).toBe('submitted');
  expect(await textOf(status)).toContain(s(w, 'claim.status.submitted'));
  await w.shot('resident', 'claims');
}

/** After the approval the claim reads refunded and the order shows the refund. */
export async function residentSeesRefund(w: World): Promise<void> {
  const page = await w.open('resident', 'aftersales');
  const status = byTestId(page, 'claim-status').first();
  await expect
    .poll(
      async () => {
        await page.reload();
        await status.waitFor({ timeout: 10_000 });
        return status.getAttribute('data-status');
      },
      { timeout: 30_000, interval: 1000, message: 'the claim reads refunded' },
    )
    .toBe('refunded');
  expect(await textOf(status)).toContain(s(w, 'claim.status.refunded'));
  await w.shot('resident', 'claims-refunded');
  await w.open('resident', `orders/${w.facts.orderId}`);
  await byTestId(page, 'line-refund').first().waitFor({ timeout: 15_000 });
  await w.shot('resident', 'order-refunded');
}

/**
 * The same resident also ordered for a relative's pickup point far out of town (set up through the
 * services, not a page: the screens for ordering are covered above). No vehicle reaches that point
 * before the deadline, which the dispatcher will have to decide on.
 */
export async function residentOrdersForFarPoint(w: World): Promise<void> {
  const db = w.server.ctx.db;
  const resident = await db
    .selectFrom('residents')
    .select(['id', 'operator_id'])
    .where('phone', '=', PHONES.resident)
    .executeTakeFirstOrThrow();
  const far = await db
    .selectFrom('pickup_points')
    .select(['id', 'name', 'lat'])
    .where('operator_id', '=', resident.operator_id)
    .where('id', '!=', w.facts.leaderPointId)
    .where('status', '=', 'open')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  // about 250 km north of the city: hours beyond the 09:00 deadline
  await db
    .updateTable('pickup_points')
    .set({ lat: far.lat + 2.3 })
    .where('id', '=', far.id)
    .execute();
  const who = { kind: 'resident' as const, id: resident.id, operatorId: resident.operator_id, sessionId: 'e2e', roles: [] };
  const placed = await placeOrder(w.server.ctx, who, { pickupPointId: far.id, lines: [{ campaignLineId: w.facts.lineId!, quantity: 1 }] });
  await payOrder(w.server.ctx, who, placed.id, 'instant');
  w.facts.farPointId = far.id;
  w.facts.farPointName = far.name;
  w.facts.farOrderNo = placed.order_no;
}

/** In /shop the resident reads that the far order's pickup moved to the next day. */
export async function residentToldPickupMoved(w: World): Promise<void> {
  const page = await w.open('resident', 'me');
  const notice = byTestId(page, 'notification').filter({ hasText: w.facts.farOrderNo! });
  await expect
    .poll(
      async () => {
        await page.reload();
        // the list loads after the page: count once it is there (or after its wait), not before
        await byTestId(page, 'notification')
          .first()
          .waitFor({ timeout: 10_000 })
          .catch(() => undefined);
        return notice.count();
      },
      { timeout: 45_000, interval: 1000, message: 'the resident is told the pickup date moved' },
    )
    .toBeGreaterThan(0);
  expect(await textOf(notice.first())).toContain(w.facts.farPostponedTo!);
  await w.shot('resident', 'pickup-moved');
}
