import type { procurement } from '@linli/contracts';
import type { Executor } from '../../platform/db/database.ts';
import { fetchPage, type Page } from '../../platform/db/paging.ts';
import type { PurchaseOrderStatus } from '../../platform/db/schema.procurement.ts';
import { found } from '../../platform/errors.ts';
import { describeSkus, supplierNames } from '../catalog/index.ts';
import { staffNames } from '../identity/index.ts';
import { defaultWarehouseId, warehousesByIds } from '../logistics/index.ts';
import { purchaseOrderNo } from './purchase-order.number.ts';

/** Whose purchase orders a reader may see: staff see the operator's, a supplier only their own sent ones. */
export interface PurchaseOrderScope {
  operatorId: string;
  supplierId?: string;
}

export interface PurchaseOrderFilter {
  page: number;
  pageSize: number;
  deliveryDate?: string | undefined;
  status?: PurchaseOrderStatus | undefined;
  supplierId?: string | undefined;
  warehouseId?: string | undefined;
}

function scoped(db: Executor, scope: PurchaseOrderScope) {
  let q = db.selectFrom('purchase_orders as po').where('po.operator_id', '=', scope.operatorId);
  // A supplier never sees a draft: it is the purchaser's working copy.
  if (scope.supplierId) q = q.where('po.supplier_id', '=', scope.supplierId).where('po.status', '!=', 'draft');
  return q;
}

/**
 * Where suppliers deliver: the warehouse each order buys for. An order made before the operator
 * had a warehouse names none; it goes to the operator's default warehouse, its first active one.
 */
async function deliveryWarehouses(
  db: Executor,
  operatorId: string,
  heads: ReadonlyArray<{ warehouse_id: string | null }>,
): Promise<(warehouseId: string | null) => procurement.PurchaseOrder['warehouse']> {
  const fallbackId = heads.some((h) => h.warehouse_id === null) ? await defaultWarehouseId(db, operatorId) : null;
  const byId = await warehousesByIds(db, operatorId, [...heads.map((h) => h.warehouse_id), fallbackId]);
  return (warehouseId) => {
    const id = warehouseId ?? fallbackId;
    return id ? (byId.get(id) ?? null) : null;
  };
}

async function withLines(
  db: Executor,
  operatorId: string,
  heads: Array<{
    id: string;
    supplier_id: string;
    delivery_date: string;
    warehouse_id: string | null;
    status: PurchaseOrderStatus;
    created_at: Date;
    sent_at: Date | null;
    confirmed_at: Date | null;
    received_at: Date | null;
    confirmed_by_staff_id: string | null;
    confirmation_note: string | null;
  }>,
): Promise<procurement.PurchaseOrder[]> {
  if (heads.length === 0) return [];
  const lines = await db
    .selectFrom('purchase_order_lines')
    .selectAll()
    .where(
      'purchase_order_id',
      'in',
      heads.map((h) => h.id),
    )
    .orderBy('sku_id')
    .execute();
  const [warehouseOf, suppliers, staff, skus] = await Promise.all([
    deliveryWarehouses(db, operatorId, heads),
    supplierNames(
      db,
      operatorId,
      heads.map((h) => h.supplier_id),
    ),
    staffNames(
      db,
      operatorId,
      heads.map((h) => h.confirmed_by_staff_id),
    ),
    describeSkus(
      db,
      operatorId,
      lines.map((l) => l.sku_id),
    ),
  ]);
  return heads.map((h) => {
    const own = lines.filter((l) => l.purchase_order_id === h.id);
    return {
      id: h.id,
      poNo: purchaseOrderNo(h.id, h.delivery_date),
      supplierId: h.supplier_id,
      supplierName: suppliers.get(h.supplier_id) ?? '',
      deliveryDate: h.delivery_date,
      warehouse: warehouseOf(h.warehouse_id),
      status: h.status,
      totalCostFen: own.reduce((s, l) => s + (l.confirmed_quantity ?? l.ordered_quantity) * l.cost_price_fen, 0),
      createdAt: h.created_at.toISOString(),
      sentAt: h.sent_at?.toISOString() ?? null,
      confirmedAt: h.confirmed_at?.toISOString() ?? null,
      receivedAt: h.received_at?.toISOString() ?? null,
      phoneConfirmation: h.confirmed_by_staff_id
        ? { staffId: h.confirmed_by_staff_id, staffName: staff.get(h.confirmed_by_staff_id) ?? '', note: h.confirmation_note ?? '' }
        : null,
      lines: own.map((l) => {
        const sku = found(skus.get(l.sku_id), 'sku');
        return {
          id: l.id,
          skuId: l.sku_id,
          skuName: `${sku.productName} ${sku.spec}`,
          unit: sku.unit,
          demandQuantity: l.demand_quantity,
          stockQuantity: l.stock_quantity,
          suggestedQuantity: l.suggested_quantity,
          orderedQuantity: l.ordered_quantity,
          adjusted: l.adjusted,
          confirmedQuantity: l.confirmed_quantity,
          receivedQuantity: l.received_quantity,
          rejectedQuantity: l.rejected_quantity,
          acceptedQuantity: l.accepted_quantity,
          overQuantity: l.over_quantity,
          overAccepted: l.over_accepted,
          shortReason: l.short_reason,
          lotCode: l.lot_code,
          expiresOn: l.expires_on,
          costPriceFen: l.cost_price_fen,
          shelfLifeDays: sku.shelfLifeDays,
        };
      }),
    };
  });
}

const headColumns = [
  'po.id',
  'po.supplier_id',
  'po.delivery_date',
  'po.warehouse_id',
  'po.status',
  'po.created_at',
  'po.sent_at',
  'po.confirmed_at',
  'po.received_at',
  'po.confirmed_by_staff_id',
  'po.confirmation_note',
] as const;

/** A page of purchase orders, latest delivery date first, with their lines. */
export async function listPurchaseOrders(
  db: Executor,
  scope: PurchaseOrderScope,
  f: PurchaseOrderFilter,
): Promise<Page<procurement.PurchaseOrder>> {
  let base = scoped(db, scope);
  if (f.deliveryDate) base = base.where('po.delivery_date', '=', f.deliveryDate);
  if (f.status) base = base.where('po.status', '=', f.status);
  if (f.supplierId) base = base.where('po.supplier_id', '=', f.supplierId);
  if (f.warehouseId) {
    // Orders made before the operator had a warehouse go to its default one.
    const byDefault = f.warehouseId === (await defaultWarehouseId(db, scope.operatorId));
    const warehouseId = f.warehouseId;
    base = base.where((eb) =>
      byDefault
        ? eb.or([eb('po.warehouse_id', '=', warehouseId), eb('po.warehouse_id', 'is', null)])
        : eb('po.warehouse_id', '=', warehouseId),
    );
  }
  const heads = base.select(headColumns).orderBy('po.delivery_date', 'desc').orderBy('po.id');
  const listed = await fetchPage(f, heads, base);
  return { ...listed, items: await withLines(db, scope.operatorId, listed.items) };
}

/** One purchase order the reader may see, else NOT_FOUND. */
export async function getPurchaseOrder(db: Executor, scope: PurchaseOrderScope, id: string): Promise<procurement.PurchaseOrder> {
  const head = found(await scoped(db, scope).select(headColumns).where('po.id', '=', id).executeTakeFirst(), 'purchase order');
  const [po] = await withLines(db, scope.operatorId, [head]);
  return found(po, 'purchase order');
}
