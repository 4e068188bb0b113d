import { type Expression, type RawBuilder, sql } from 'kysely';

/**
 * Each of the operator's SKUs with its product and the product's category and supplier
 * (`sku_id`, `product_id`, `category_id`, `supplier_id`): a SQL fragment for a statement that must
 * stay one, such as the ledger's postings of every paid order (commission is rated by product and
 * category; refunds are charged to the supplier).
 */
export function skuProducts(
  operatorId: string,
): RawBuilder<{ sku_id: string; product_id: string; category_id: string; supplier_id: string }> {
  return sql`
    select s.id as sku_id, p.id as product_id, p.category_id, p.supplier_id
    from skus s join products p on p.id = s.product_id
    where s.operator_id = ${operatorId}`;
}

/**
 * One SKU's product, category and supplier (`product_id`, `category_id`, `supplier_id`), the SKU
 * given as a column of the caller's statement: a fragment for `join lateral (…) on true`, looked
 * up by primary key row by row where a statement reads a few SKUs (the ledger's posting of one
 * order), instead of joining every SKU of the operator.
 */
export function skuProductOf(skuId: Expression<string>): RawBuilder<{ product_id: string; category_id: string; supplier_id: string }> {
  return sql`
    select p.id as product_id, p.category_id, p.supplier_id
    from skus s join products p on p.id = s.product_id
    where s.id = ${skuId}`;
}
