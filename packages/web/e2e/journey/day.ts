/**
 * One group-buying day through the screens, run once in Chinese (journey.zh-CN.e2e.ts) and once in
 * English (journey.en.e2e.ts), each on its own fresh server with the demo city. Every step a
 * person takes goes through a page; the test only moves the clock (and with it the server's jobs)
 * and reads what it needs to know. Steps run in order; after a failure the later steps of that
 * day are skipped (they depend on it).
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Lang } from '../browser.ts';
import {
  adminApprovesClaim,
  adminFindsOrder,
  adminPlansAndPublishes,
  adminPostponesFarPoint,
  adminReceives,
  adminSendsPurchaseOrder,
  adminSortingSheet,
} from './admin.ts';
import { afterSalesWindowCloses, cutoffPasses, deliveryMorning, departureTime, dispatchTime, pickupTime } from './clock.ts';
import { driverDelivers, driverSeesConfirmed } from './driver.ts';
import { leaderChecksInDelivery, leaderSeesCommission, leaderVerifiesPickup } from './leader.ts';
import {
  residentCannotCancel,
  residentChoosesPoint,
  residentFilesClaim,
  residentOrdersAndPays,
  residentOrdersForFarPoint,
  residentSeesPickedUp,
  residentSeesRefund,
  residentToldPickupMoved,
} from './shop.ts';
import { supplierConfirms, supplierSeesStatement } from './supplier.ts';
import { World } from './world.ts';

type Step = [name: string, run: (w: World) => Promise<void>];

export const day: Step[] = [
  ['a resident logs in and chooses a pickup point in /shop', residentChoosesPoint],
  ['the resident orders and pays', residentOrdersAndPays],
  ['an order for a pickup point far out of town is paid too', residentOrdersForFarPoint],
  ['the campaign closes at cutoff and its jobs run', cutoffPasses],
  ['in /shop the paid order can no longer be cancelled', residentCannotCancel],
  ['in /admin the purchase order is sent to the supplier', adminSendsPurchaseOrder],
  ['in /supplier the supplier confirms it', supplierConfirms],
  ['the night passes: 03:00 on the pickup day', deliveryMorning],
  ['in /admin the warehouse receives the goods and completes receiving', adminReceives],
  ["the supplier's statement shows what they are owed", supplierSeesStatement],
  ['the sorting sheet lists the pickup point', adminSortingSheet],
  ['04:00: routes are planned', dispatchTime],
  ['in /admin dispatch the routes are planned and the route is published to the driver', adminPlansAndPublishes],
  ['in /admin dispatch the point no vehicle reaches is moved to the next day', adminPostponesFarPoint],
  ['in /shop the resident is told the pickup date moved', residentToldPickupMoved],
  ['05:00: the vans leave', departureTime],
  ['in /driver the driver departs, arrives and hands the bundle over', driverDelivers],
  ['in /leader the leader signs for the delivery', leaderChecksInDelivery],
  ["the driver's stop reads signed for", driverSeesConfirmed],
  ['10:00: residents come to pick up', pickupTime],
  ["in /leader the leader verifies the resident's pickup code", leaderVerifiesPickup],
  ['in /shop the resident sees the order picked up', residentSeesPickedUp],
  ['the resident files an after-sales claim with a photo', residentFilesClaim],
  ['in /admin after-sales the claim is approved and refunded', adminApprovesClaim],
  ['in /admin orders the order is found by its number, with its timeline', adminFindsOrder],
  ['the resident sees the refund', residentSeesRefund],
  ['three days later the after-sales window has closed', afterSalesWindowCloses],
  ["in /leader the leader's commission is released", leaderSeesCommission],
];

/** Registers the day's steps as one sequential suite in a language. */
export function runDay(lang: Lang): void {
  describe.sequential(`a day in ${lang}`, () => {
    let w: World | undefined;
    let failed: string | null = null;
    beforeAll(async () => {
      w = await World.open(lang);
    });
    afterAll(async () => {
      await w?.close();
    });
    for (const [name, run] of day) {
      it(name, async (ctx) => {
        if (failed) ctx.skip(`not reached: '${failed}' failed`);
        try {
          await run(w!);
        } catch (err) {
          failed = name;
          await w?.failureShots(name);
          throw err;
        }
      });
    }
  });
}
