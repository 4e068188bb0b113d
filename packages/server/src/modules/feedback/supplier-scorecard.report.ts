/**
 * Report: each supplier's scorecard over a period, for purchasing: purchase orders received on
 * time or late (or not yet), lines shipped short, units rejected at receiving for quality, and the
 * residents' complaints and ratings of the supplier's goods.
 *
 * Why it joins across modules: deliveries are procurement's purchase orders and their receiving
 * (read here in one grouped statement per supplier), the residents' voice is feedback's own
 * (supplierFeedbackRates), and the supplier is named through catalog's face.
 */
import type { feedback } from '@linli/contracts';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { Executor } from '../../platform/db/database.ts';
import { supplierNames } from '../catalog/index.ts';
import { operatorTimeZone } from '../identity/index.ts';
import { supplierFeedbackRates } from './feedback.queries.ts';
import { rate } from './feedback.rules.ts';

export type SupplierScorecard = z.infer<typeof feedback.SupplierScorecard>;

interface Deliveries {
  supplier_id: string;
  purchase_orders: string;
  received: string;
  on_time: string;
  lines_received: string;
  short_lines: string;
  units_received: string | null;
  units_rejected: string | null;
}

/**
 * Every supplier with purchase orders due (delivery date) in the period, or complaints or ratings
 * in it, worst on-time rate first. A purchase order is on time when received by the end of its
 * delivery date in the operator's time zone; drafts and cancelled orders are not counted. A line
 * is short when fewer units arrived than were ordered. Business days, `from` and `to` included.
 */
export async function supplierScorecards(db: Executor, operatorId: string, from: string, to: string): Promise<SupplierScorecard[]> {
  const tz = await operatorTimeZone(db, operatorId);
  const [deliveries, fb] = await Promise.all([
    sql<Deliveries>`
      select po.supplier_id,
        count(distinct po.id) as purchase_orders,
        count(distinct po.id) filter (where po.status = 'received') as received,
        count(distinct po.id) filter (
          where po.status = 'received' and po.received_at < ((po.delivery_date + 1)::timestamp at time zone ${tz})
        ) as on_time,
        count(l.id) filter (where po.status = 'received') as lines_received,
        count(l.id) filter (where po.status = 'received' and l.received_quantity < l.ordered_quantity) as short_lines,
        sum(l.received_quantity) filter (where po.status = 'received') as units_received,
        sum(l.rejected_quantity) filter (where po.status = 'received') as units_rejected
      from purchase_orders po
      left join purchase_order_lines l on l.purchase_order_id = po.id
      where po.operator_id = ${operatorId}
        and po.status not in ('draft', 'cancelled')
        and po.delivery_date between ${from}::date and ${to}::date
      group by po.supplier_id`.execute(db),
    supplierFeedbackRates(db, operatorId, from, to),
  ]);
  const ids = new Set([...deliveries.rows.map((d) => d.supplier_id), ...fb.map((f) => f.supplierId)]);
  const names = await supplierNames(db, operatorId, ids);
  const byDeliveries = new Map(deliveries.rows.map((d) => [d.supplier_id, d]));
  const byFeedback = new Map(fb.map((f) => [f.supplierId, f]));
  const cards = [...ids].map((supplierId) => {
    const d = byDeliveries.get(supplierId);
    const f = byFeedback.get(supplierId);
    const purchaseOrders = Number(d?.purchase_orders ?? 0);
    const received = Number(d?.received ?? 0);
    const onTime = Number(d?.on_time ?? 0);
    const linesReceived = Number(d?.lines_received ?? 0);
    const shortLines = Number(d?.short_lines ?? 0);
    const unitsReceived = Number(d?.units_received ?? 0);
    const unitsRejected = Number(d?.units_rejected ?? 0);
    return {
      supplierId,
      supplierName: names.get(supplierId) ?? supplierId,
      purchaseOrders,
      received,
      onTime,
      late: received - onTime,
      notReceived: purchaseOrders - received,
      onTimeRate: rate(onTime, received),
      linesReceived,
      shortLines,
      shortShipRate: rate(shortLines, linesReceived),
      unitsReceived,
      unitsRejected,
      rejectRate: rate(unitsRejected, unitsReceived),
      complaints: f?.complaints ?? 0,
      ratings: f?.ratings ?? 0,
      avgItemsScore: f?.avgItemsScore ?? null,
      avgFreshnessScore: f?.avgFreshnessScore ?? null,
    };
  });
  const key = (c: SupplierScorecard) => c.onTimeRate ?? 2;
  return cards.sort((a, b) => key(a) - key(b) || b.complaints - a.complaints || (a.supplierName < b.supplierName ? -1 : 1));
}
