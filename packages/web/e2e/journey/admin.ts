/** The operator's steps in /admin (a desk). */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { adminLocales } from '../../src/areas/admin/locales.ts';
import { byTestId, field } from '../browser.ts';
import { expectVisibleTexts, textOf, tr } from './text.ts';
import { PHONES, type World } from './world.ts';

const menu = (w: World, key: string) => tr(adminLocales, w.lang, `menu.${key}`);

/** Words of the admin sections the journey reads (their locale modules register themselves with i18next, so they are not imported here). */
const words = {
  'zh-CN': {
    poSent: '已发送',
    purchasing: '采购单',
    receiving: '收货',
    sorting: '分拣',
    dispatch: '调度',
    blameSupplier: '供应商',
    approveReason: '照片属实，供应商承担',
  },
  en: {
    poSent: 'Sent',
    purchasing: 'Purchase orders',
    receiving: 'Receive',
    sorting: 'Sorting',
    dispatch: 'Dispatch',
    blameSupplier: 'Supplier',
    approveReason: 'The photo shows the damage; the supplier bears it',
  },
} as const;

/** Closes the drawers left open (as a person would, with their close button). */
async function closeDrawers(page: Page): Promise<void> {
  const close = page.locator('.ant-drawer-open .ant-drawer-close');
  while ((await close.count()) > 0) {
    await close.last().click();
    await page.waitForTimeout(300);
  }
}

/** Opens a section from the menu. */
async function section(page: Page, key: string): Promise<void> {
  await closeDrawers(page);
  await byTestId(page, `nav-${key}`).click();
  await page.waitForURL(new RegExp(`/admin/${key}`));
}

/** The OK of the Popconfirm on screen. */
async function confirmPopover(page: Page): Promise<void> {
  // A click that lands while the popover is still opening can be lost (seen once in CI): click
  // again until the popover has closed; once closed there is nothing left to click twice.
  const ok = page.locator('.ant-popover:visible .ant-popconfirm-buttons .ant-btn-primary');
  for (let attempt = 1; ; attempt++) {
    await ok.click();
    try {
      await ok.waitFor({ state: 'hidden', timeout: 3000 });
      return;
    } catch (err) {
      if (attempt === 3) throw err;
    }
  }
}

/** After cutoff, the operator logs in and sends the supplier's purchase order. */
export async function adminSendsPurchaseOrder(w: World): Promise<void> {
  const page = await w.logIn('admin', PHONES.admin);
  await expectVisibleTexts(page, [menu(w, 'dashboard'), menu(w, 'purchasing'), menu(w, 'dispatch')]);
  // The day's figures: the resident's two paid orders (theirs and the far point's), and the hourly chart drawn (its animation takes a second).
  await expect.poll(() => textOf(byTestId(page, 'dashboard-orders')), { timeout: 15_000 }).toContain('2');
  await byTestId(page, 'dashboard-hourly').locator('canvas').waitFor();
  await page.waitForTimeout(1200);
  await w.shot('admin', 'dashboard');
  await section(page, 'purchasing');
  const row = byTestId(page, 'po-row').filter({ hasText: w.facts.supplierName! }).first();
  await row.waitFor();
  await expectVisibleTexts(page, [words[w.lang].purchasing]);
  await w.shot('admin', 'purchasing');
  await row.click();
  await byTestId(page, 'po-send').click();
  await confirmPopover(page);
  await expect.poll(() => row.textContent(), { timeout: 15_000, message: 'the purchase order reads sent' }).toContain(words[w.lang].poSent);
  await w.shot('admin', 'purchase-order-sent');
}

/** On the delivery morning the warehouse receives the confirmed order in full and completes receiving. */
export async function adminReceives(w: World): Promise<void> {
  const page = await w.page('admin');
  await page.reload();
  await section(page, 'warehouse');
  const row = byTestId(page, 'receiving-row').filter({ hasText: w.facts.supplierName! }).first();
  await row.waitFor();
  await expectVisibleTexts(page, [words[w.lang].receiving]);
  await w.shot('admin', 'warehouse');
  await row.click();
  await byTestId(page, 'receipt-qty').first().waitFor();
  const lines = await w.server.ctx.db
    .selectFrom('purchase_order_lines as l')
    .innerJoin('purchase_orders as po', 'po.id', 'l.purchase_order_id')
    .innerJoin('suppliers as s', 's.id', 'po.supplier_id')
    .select(['l.id', 'l.ordered_quantity', 'l.confirmed_quantity'])
    .where('s.phone', '=', w.facts.supplierPhone!)
    .execute();
  // Counted at the dock: what the supplier confirmed, line by line (rows are keyed by line id).
  for (const l of lines) {
    const row = page.locator(`tr[data-row-key="${l.id}"]`);
    await field(row, 'receipt-qty').fill(String(l.confirmed_quantity ?? l.ordered_quantity));
    await field(row, 'receipt-lot').fill(`L${w.facts.pickupDate!.replaceAll('-', '')}-${l.id.slice(-4)}`);
  }
  await w.shot('admin', 'receipt');
  await byTestId(page, 'receipt-submit').click();
  // Once every line is recorded the form gives way to the receipt as recorded.
  await byTestId(page, 'receipt-submit').waitFor({ state: 'detached', timeout: 15_000 });
  await byTestId(page, 'receiving-complete').click();
  await confirmPopover(page);
  await byTestId(page, 'receiving-result').waitFor({ timeout: 20_000 });
  await w.shot('admin', 'receiving-result');
  await byTestId(page, 'receiving-result-close').click();
}

/** The sorting sheet of the day lists the leader's pickup point. */
export async function adminSortingSheet(w: World): Promise<void> {
  const page = await w.page('admin');
  await section(page, 'sorting');
  await expect
    .poll(() => page.locator('[data-testid="sorting-bundle"]').filter({ hasText: w.facts.leaderPointName }).count(), {
      timeout: 15_000,
      message: "the sheet lists the leader's pickup point",
    })
    .toBeGreaterThan(0);
  await expectVisibleTexts(page, [words[w.lang].sorting]);
  await w.shot('admin', 'sorting');
}

/**
 * Chooses an option of an Ant Design Select (the option's text contains `text`) and waits for its
 * list to close: on a loaded machine a click landing while the list still animates open can be
 * lost, leaving the list over the buttons below, so the choice is retried until it closes.
 */
async function choose(page: Page, testId: string, text: string): Promise<void> {
  const select = page.locator(`.ant-select:has([data-testid="${testId}"]), .ant-select[data-testid="${testId}"]`).first();
  const open = page.locator('.ant-select-dropdown:visible');
  for (let attempt = 1; ; attempt++) {
    if ((await open.count()) === 0) await select.click();
    await open.locator('.ant-select-item-option').filter({ hasText: text }).first().click({ timeout: 10_000 });
    try {
      await open.first().waitFor({ state: 'hidden', timeout: 3_000 });
      return;
    } catch (error) {
      if (attempt === 5) throw error;
    }
  }
}

/** The dispatcher plans the day's routes (a short search), then publishes the route to the demo driver. */
export async function adminPlansAndPublishes(w: World): Promise<void> {
  const page = await w.page('admin');
  await section(page, 'dispatch');
  await byTestId(page, 'plan-routes').click();
  // One pickup point to serve: a second of search is plenty.
  await field(page, 'plan-time-limit').fill('1');
  await w.shot('admin', 'dispatch-plan');
  await byTestId(page, 'plan-start').click();
  await byTestId(page, 'plan-progress').waitFor();
  await byTestId(page, 'plan-result').waitFor({ timeout: 60_000 });
  await w.shot('admin', 'dispatch-planned');
  await byTestId(page, 'plan-close').click();
  await byTestId(page, 'route-row').first().waitFor();
  await byTestId(page, 'route-detail').waitFor();
  await byTestId(page, 'route-map').waitFor();
  await expectVisibleTexts(page, [words[w.lang].dispatch, w.facts.leaderPointName]);
  await w.shot('admin', 'dispatch');
  await byTestId(page, 'route-publish').click();
  await choose(page, 'publish-driver', PHONES.driver);
  await w.shot('admin', 'dispatch-publish');
  await byTestId(page, 'publish-confirm').click();
  await expect.poll(() => byTestId(page, 'route-publish').count(), { timeout: 15_000, message: 'the route is published' }).toBe(0);
  await w.shot('admin', 'dispatch-published');
}

/** Support opens the resident's claim, sees the photo and approves it in full, the supplier to blame. */
export async function adminApprovesClaim(w: World): Promise<void> {
  const page = await w.page('admin');
  await page.reload();
  await section(page, 'aftersales');
  const row = byTestId(page, 'claim-row').first();
  await row.waitFor();
  await w.shot('admin', 'aftersales');
  await byTestId(row, 'claim-open').click();
  await byTestId(page, 'claim-evidence').locator('img').first().waitFor();
  await w.shot('admin', 'claim');
  await byTestId(page, 'claim-approve').click();
  await choose(page, 'claim-approve-blame', words[w.lang].blameSupplier);
  await field(page, 'claim-approve-reason').fill(words[w.lang].approveReason);
  await w.shot('admin', 'claim-approve');
  await byTestId(page, 'claim-approve-submit').click();
  await expect.poll(() => byTestId(page, 'claim-approve').count(), { timeout: 15_000, message: 'the claim is decided' }).toBe(0);
  await w.shot('admin', 'claim-approved');
}

/** Support finds the resident's order by its number in the Orders section and reads its timeline (paid, picked up, refunded). */
export async function adminFindsOrder(w: World): Promise<void> {
  const page = await w.page('admin');
  const { order_no: orderNo } = await w.server.ctx.db
    .selectFrom('orders')
    .select('order_no')
    .where('id', '=', w.facts.orderId!)
    .executeTakeFirstOrThrow();
  await section(page, 'orders');
  const box = byTestId(page, 'order-search').locator('input');
  await box.fill(orderNo);
  await box.press('Enter');
  const row = byTestId(page, 'order-row').filter({ hasText: orderNo }).first();
  await row.waitFor();
  await byTestId(row, 'order-open').click();
  await byTestId(page, 'timeline-picked_up').waitFor();
  await byTestId(page, 'timeline-refund').first().waitFor();
  await w.shot('admin', 'order-timeline');
}

/**
 * The plan left out the point no vehicle reaches in time; the dispatcher finds it among the
 * unrouted points and moves its orders to the next day (the residents are told by the server).
 */
export async function adminPostponesFarPoint(w: World): Promise<void> {
  const page = await w.page('admin');
  await section(page, 'dispatch');
  const panel = byTestId(page, 'unrouted-panel');
  await panel.waitFor({ timeout: 15_000 });
  const row = byTestId(panel, 'unrouted-row').filter({ hasText: w.facts.farPointName! });
  await row.waitFor();
  await w.shot('admin', 'dispatch-unrouted');
  await row.locator('input[type="checkbox"]').check();
  await byTestId(page, 'unrouted-postpone').click();
  await byTestId(page, 'unrouted-confirm-text').waitFor();
  await w.shot('admin', 'dispatch-postpone');
  await byTestId(page, 'unrouted-confirm').click();
  const result = byTestId(page, 'unrouted-result');
  await result.waitFor({ timeout: 15_000 });
  const next = new Date(`${w.facts.pickupDate!}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  w.facts.farPostponedTo = next.toISOString().slice(0, 10);
  expect(await textOf(result)).toContain(w.facts.farPostponedTo);
  await expect.poll(() => row.count(), { timeout: 15_000, message: 'the point leaves the unrouted list' }).toBe(0);
  await w.shot('admin', 'dispatch-postponed');
}
