import { type Kysely, sql } from 'kysely';
import type { Database } from '../src/platform/db/database.ts';
import type { DB } from '../src/platform/db/schema.ts';

export interface CutoffWorldSize {
  lines: number;
  pickupPoints: number;
  skus: number;
  suppliers: number;
  linesPerOrder: number;
}

export interface CutoffWorld {
  operatorId: string;
  campaignId: string;
  cutoffAt: Date;
  pickupDate: string;
  orders: number;
}

/**
 * Seeds one operator with `skus` SKUs spread over `suppliers`, `pickupPoints` leaders and pickup
 * points, and one open campaign over every SKU whose cutoff has just passed, holding `lines` paid
 * order lines (`linesPerOrder` distinct SKUs per order, orders spread evenly over the pickup points).
 * Everything is set-based SQL over generate_series, so seeding a million lines takes seconds.
 */
export async function seedCutoffWorld(db: Database, size: CutoffWorldSize, cutoffAt: Date): Promise<CutoffWorld> {
  return db.connection().execute(async (conn) => {
    // Generated rows are consistent by construction: skip the per-row foreign-key triggers (needs a superuser).
    await sql`set session_replication_role = replica`.execute(conn);
    const world = await seed(conn, size, cutoffAt);
    await sql`set session_replication_role = origin`.execute(conn);
    return world;
  });
}

async function seed(db: Kysely<DB>, size: CutoffWorldSize, cutoffAt: Date): Promise<CutoffWorld> {
  const op = 'opr_bench';
  const campaignId = 'cmp_bench';
  const pickupDate = '2026-11-21';
  const orders = Math.ceil(size.lines / size.linesPerOrder);
  const at = cutoffAt.toISOString();
  const run = (text: string) => sql.raw(text).execute(db);
  await run(`insert into operators (id, slug, name) values ('${op}', 'bench', 'Bench City')`);
  await run(`insert into suppliers (id, operator_id, name, phone, created_at)
    select 'sup_' || i, '${op}', '供应商' || i, '136' || lpad(i::text, 8, '0'), '${at}' from generate_series(1, ${size.suppliers}) i`);
  await run(`insert into categories (id, operator_id, name, parent_id, created_at) values ('cat_bench', '${op}', '生鲜', null, '${at}')`);
  await run(`insert into products (id, operator_id, category_id, supplier_id, name, images, temperature_class, shelf_life_days, created_at, updated_at)
    select 'prd_' || i, '${op}', 'cat_bench', 'sup_' || (1 + i % ${size.suppliers}), '商品' || i, '[]', 'ambient', 10, '${at}', '${at}'
    from generate_series(0, ${size.skus - 1}) i`);
  await run(`insert into skus (id, operator_id, product_id, spec, unit, images, cost_price_fen, list_price_fen, weight_g, volume_ml, created_at, updated_at)
    select 'sku_' || i, '${op}', 'prd_' || i, '500g', '份', '[]', 600 + i, 1000 + i, 500, 800, '${at}', '${at}'
    from generate_series(0, ${size.skus - 1}) i`);
  await run(`insert into leaders (id, operator_id, phone, name, status, created_at)
    select 'ldr_' || i, '${op}', '137' || lpad(i::text, 8, '0'), '团长' || i, 'active', '${at}' from generate_series(0, ${size.pickupPoints - 1}) i`);
  await run(`insert into pickup_points (id, operator_id, leader_id, name, address, lat, lng, status, created_at)
    select 'pp_' || i, '${op}', 'ldr_' || i, '自提点' || i, '路' || i, 28.1 + (i % 60) * 0.004, 112.9 + (i / 60) * 0.004, 'open', '${at}'
    from generate_series(0, ${size.pickupPoints - 1}) i`);
  // One resident per order keeps per-resident bookkeeping out of the picture.
  await run(`insert into residents (id, operator_id, phone, pickup_point_id, created_at)
    select 'res_' || i, '${op}', '138' || lpad(i::text, 8, '0'), 'pp_' || (i % ${size.pickupPoints}), '${at}' from generate_series(0, ${orders - 1}) i`);
  await run(`insert into campaigns (id, operator_id, title, status, opens_at, cutoff_at, pickup_date, leader_scope, min_total_quantity, created_at, updated_at)
    values ('${campaignId}', '${op}', '今日团购', 'open', timestamptz '${at}' - interval '12 hours', '${at}', '${pickupDate}', 'all', 1000,
            timestamptz '${at}' - interval '13 hours', timestamptz '${at}' - interval '13 hours')`);
  await run(`insert into campaign_lines (id, operator_id, campaign_id, sku_id, group_price_fen, stock_total, reserved, sort)
    select 'cml_' || i, '${op}', '${campaignId}', 'sku_' || i, 900 + i, null, 0, i from generate_series(0, ${size.skus - 1}) i`);
  // Line k of order o (at pickup point o mod points, its n-th there) buys SKU (37n + 7·point + 131k) mod skus:
  // distinct SKUs within an order, and each pickup point's orders spread over the whole range.
  const skuOf = (o: string, k: string) =>
    `(((${o}) / ${size.pickupPoints}) * 37 + ((${o}) % ${size.pickupPoints}) * 7 + (${k}) * 131) % ${size.skus}`;
  await run(`insert into orders (id, operator_id, order_no, resident_id, pickup_point_id, leader_id, pickup_date, status, pickup_code,
                                 total_fen, expires_at, created_at, updated_at, paid_at)
    select 'ord_' || i, '${op}', 'B' || i, 'res_' || i, 'pp_' || (i % ${size.pickupPoints}), 'ldr_' || (i % ${size.pickupPoints}), '${pickupDate}',
           'paid', lpad((i / ${size.pickupPoints})::text, 6, '0'),
           (select sum((900 + ${skuOf('i', 'k')}) * (1 + (i * ${size.linesPerOrder} + k) % 3))
            from generate_series(0, least(${size.linesPerOrder}, ${size.lines} - i * ${size.linesPerOrder}) - 1) k),
           timestamptz '${at}' - interval '1 hour', timestamptz '${at}' - interval '2 hours', timestamptz '${at}' - interval '2 hours',
           timestamptz '${at}' - interval '2 hours' + (i % 7200) * interval '1 second'
    from generate_series(0, ${orders - 1}) i`);
  await run(`insert into order_lines (id, operator_id, order_id, campaign_id, campaign_line_id, sku_id, title, unit_price_fen, quantity, amount_fen)
    select 'oln_' || j, '${op}', 'ord_' || (j / ${size.linesPerOrder}), '${campaignId}', 'cml_' || s, 'sku_' || s, '商品' || s,
           900 + s, 1 + j % 3, (900 + s) * (1 + j % 3)
    from (select j, ${skuOf(`j / ${size.linesPerOrder}`, `j % ${size.linesPerOrder}`)} as s from generate_series(0, ${size.lines - 1}) j) l`);
  await run(`insert into jobs (id, operator_id, kind, run_at, payload, dedupe_key, status, created_at)
    values ('job_bench_cutoff', '${op}', 'campaign.cutoff', '${at}', '{"campaignId": "${campaignId}"}', 'campaign.cutoff:${campaignId}', 'pending', '${at}')`);
  await run('vacuum analyze');
  return { operatorId: op, campaignId, cutoffAt, pickupDate, orders };
}
