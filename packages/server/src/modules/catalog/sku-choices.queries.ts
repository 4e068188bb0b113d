import type { Executor } from '../../platform/db/database.ts';

/** A SKU on sale as a proposer picks it for a campaign line. */
export interface SkuChoice {
  skuId: string;
  productName: string;
  spec: string;
  unit: string;
  listPriceFen: number;
  supplierId: string;
}

/** The operator's SKUs on sale (SKU and product active), of one supplier when given, by product name and spec. */
export async function skusOnSale(db: Executor, operatorId: string, supplierId?: string): Promise<SkuChoice[]> {
  let q = db
    .selectFrom('skus')
    .innerJoin('products', 'products.id', 'skus.product_id')
    .select(['skus.id', 'products.name', 'skus.spec', 'skus.unit', 'skus.list_price_fen', 'products.supplier_id'])
    .where('skus.operator_id', '=', operatorId)
    .where('skus.active', '=', true)
    .where('products.active', '=', true);
  if (supplierId !== undefined) q = q.where('products.supplier_id', '=', supplierId);
  const rows = await q.orderBy('products.name').orderBy('skus.spec').orderBy('skus.id').execute();
  return rows.map((r) => ({
    skuId: r.id,
    productName: r.name,
    spec: r.spec,
    unit: r.unit,
    listPriceFen: r.list_price_fen,
    supplierId: r.supplier_id,
  }));
}

/** The supplier of each of the operator's SKUs among `skuIds` (its product's); unknown ids are absent. */
export async function skuSuppliers(db: Executor, operatorId: string, skuIds: Iterable<string>): Promise<Map<string, string>> {
  const wanted = [...new Set(skuIds)];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .selectFrom('skus')
    .innerJoin('products', 'products.id', 'skus.product_id')
    .select(['skus.id', 'products.supplier_id'])
    .where('skus.operator_id', '=', operatorId)
    .where('skus.id', 'in', wanted)
    .execute();
  return new Map(rows.map((r) => [r.id, r.supplier_id]));
}
