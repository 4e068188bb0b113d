import type { logistics } from '@linli/contracts';
import type { z } from 'zod';
import type { Executor } from '../../platform/db/database.ts';
import { pickupPointsByIds } from '../leader/index.ts';
import { redeliveries } from './redeliveries.queries.ts';
import { bundleLines, bundlesOf, loadRoutes, routedPoints } from './logistics.queries.ts';
import { bundleId } from './logistics.rules.ts';
import { pointsOfWarehouse } from './warehouse.assignment.ts';

export type SortingSheet = z.infer<typeof logistics.SortingSheet>;
type Line = { skuId: string; title: string; quantity: number };

function addUp(lines: Iterable<Line>): Line[] {
  const bySku = new Map<string, Line>();
  for (const l of lines) {
    const seen = bySku.get(l.skuId);
    if (seen) seen.quantity += l.quantity;
    else bySku.set(l.skuId, { ...l });
  }
  return [...bySku.values()].sort((a, b) => a.title.localeCompare(b.title) || (a.skuId < b.skuId ? -1 : 1));
}

/**
 * The sorting sheet of a delivery date: per route, the pickup-point bundles in loading order (the
 * last stop is loaded first, so the first stop comes off the truck first) and how many of each SKU
 * to pull; pickup points not yet on a route come last. Quantities are net of every refund so far,
 * so the sheet can be printed again after a late shortage. Lines sent again (orders desk) are
 * listed beside the bundles, by pickup point. One warehouse's sheet (`warehouseId`) holds its
 * routes and, of the points on no route yet, those it serves (`pointsOfWarehouse`).
 */
export async function sortingSheet(db: Executor, operatorId: string, deliveryDate: string, warehouseId?: string): Promise<SortingSheet> {
  const routes = (await loadRoutes(db, operatorId, { deliveryDate, warehouseId })).filter((r) => r.status !== 'cancelled');
  const groups: SortingSheet['routes'] = routes.map((r) => {
    const bundles = [...r.stops].reverse().map((s, i) => ({
      loadingPosition: i + 1,
      bundleId: s.bundleId,
      stopSeq: s.seq,
      pickupPointId: s.pickupPointId,
      pickupPointName: s.pickupPointName,
      crates: s.load.crates,
      lines: s.lines,
    }));
    return { routeId: r.id, routeNo: r.routeNo, bundles, picks: addUp(bundles.flatMap((b) => b.lines)) };
  });
  const mine = new Set(routes.flatMap((r) => r.stops.map((s) => s.pickupPointId)));
  // On a route of any warehouse: another warehouse's route takes its goods from there.
  const routed = warehouseId ? await routedPoints(db, operatorId, deliveryDate) : mine;
  let open = [...bundlesOf(await bundleLines(db, operatorId, deliveryDate)).values()].filter((b) => !routed.has(b.pickupPointId));
  if (warehouseId && open.length) {
    const served = await pointsOfWarehouse(db, operatorId, warehouseId);
    open = open.filter((b) => served.has(b.pickupPointId));
  }
  for (const b of open) mine.add(b.pickupPointId);
  if (open.length) {
    const points = await pickupPointsByIds(
      db,
      operatorId,
      open.map((b) => b.pickupPointId),
    );
    const bundles = open
      .map((b) => ({
        loadingPosition: 0,
        bundleId: bundleId(deliveryDate, b.pickupPointId),
        stopSeq: null,
        pickupPointId: b.pickupPointId,
        pickupPointName: points.get(b.pickupPointId)?.name ?? '',
        crates: b.load.crates,
        lines: b.lines,
      }))
      .sort((a, b) => a.pickupPointName.localeCompare(b.pickupPointName) || (a.pickupPointId < b.pickupPointId ? -1 : 1))
      .map((b, i) => ({ ...b, loadingPosition: i + 1 }));
    groups.push({ routeId: null, routeNo: null, bundles, picks: addUp(bundles.flatMap((b) => b.lines)) });
  }
  // Lines support sends again (missing before) travel with this delivery to their pickup points.
  let resent = await redeliveries(db, operatorId, { deliveryDate });
  if (warehouseId) resent = resent.filter((r) => mine.has(r.pickupPointId));
  return { deliveryDate, routes: groups, skuTotals: addUp(groups.flatMap((g) => g.picks)), redeliveries: resent };
}
