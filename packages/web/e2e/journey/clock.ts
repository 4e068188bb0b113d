/** The steps where only time passes: the test moves the clock and the server's jobs run. */
import { shanghai, type World } from './world.ts';

const MINUTE = 60_000;

/** The campaign closes: the cutoff job runs (demand, purchase orders), then half an hour passes. */
export async function cutoffPasses(w: World): Promise<void> {
  if (!w.facts.cutoffAt) throw new Error('no campaign known: the order step did not run');
  await w.moveClock(new Date(w.facts.cutoffAt.getTime() + 20 * MINUTE));
  await w.advance(30 * MINUTE);
}

/** Early on the pickup day the goods arrive at the warehouse. */
export async function deliveryMorning(w: World): Promise<void> {
  await w.moveClock(shanghai(w.facts.pickupDate!, '03:00'));
}

/** Routes are planned at four. */
export async function dispatchTime(w: World): Promise<void> {
  await w.moveClock(shanghai(w.facts.pickupDate!, '04:00'));
}

/** The vans leave at five. */
export async function departureTime(w: World): Promise<void> {
  await w.moveClock(shanghai(w.facts.pickupDate!, '05:00'));
}

/** Residents come to the pickup point during the day. */
export async function pickupTime(w: World): Promise<void> {
  await w.moveClock(shanghai(w.facts.pickupDate!, '10:00'));
}

/** Three days later the after-sales window has closed: the settlement jobs release the commission. */
export async function afterSalesWindowCloses(w: World): Promise<void> {
  const date = new Date(Date.parse(`${w.facts.pickupDate!}T00:00:00Z`) + 3 * 86_400_000).toISOString().slice(0, 10);
  await w.moveClock(shanghai(date, '12:00'));
}
