import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import type { Database } from '../src/platform/db/database.ts';
import { newId } from '../src/platform/ids.ts';

/** A throwaway database on the PostgreSQL server named by the admin URL. */
export interface BenchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** Creates `linli_bench_<random>`; `drop` removes it even while connections are still open. */
export async function createBenchDatabase(adminUrl: string): Promise<BenchDatabase> {
  const name = `linli_bench_${randomBytes(5).toString('hex')}`;
  await adminQuery(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    name,
    url: url.toString(),
    async drop() {
      if (dropped) return;
      dropped = true;
      await adminQuery(adminUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

async function adminQuery(adminUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export interface BenchResident {
  id: string;
  phone: string;
}

/** What the load needs to know about the seeded city. */
export interface BenchWorld {
  operatorSlug: string;
  /** Lines of the unlimited campaign, for the throughput runs. */
  unlimitedCampaignId: string;
  unlimitedLineIds: string[];
  /** The single line of the flash-sale campaign (stock and per-resident limit), for the oversell run. */
  flashCampaignId: string;
  flashLineId: string;
  flashStock: number;
  residents: BenchResident[];
}

export interface WorldSize {
  skus: number;
  leaders: number;
  residents: number;
  flashStock: number;
}

/**
 * Seeds one operator's city straight into the tables: catalog, leaders with pickup points,
 * residents bound to them, an open unlimited campaign over every SKU and an open flash campaign
 * with one scarce line limited to one unit per resident.
 */
export async function seedWorld(db: Database, size: WorldSize, now = new Date()): Promise<BenchWorld> {
  const operatorId = newId('opr');
  const operatorSlug = 'bench';
  await db.insertInto('operators').values({ id: operatorId, slug: operatorSlug, name: 'Bench City' }).execute();
  const own = { operator_id: operatorId, created_at: now };

  const supplierId = newId('sup');
  await db
    .insertInto('suppliers')
    .values({ ...own, id: supplierId, name: '湘江果蔬', phone: '13600000001' })
    .execute();
  const categoryId = newId('cat');
  await db
    .insertInto('categories')
    .values({ ...own, id: categoryId, name: '水果', parent_id: null })
    .execute();
  const productId = newId('prd');
  await db
    .insertInto('products')
    .values({
      ...own,
      id: productId,
      category_id: categoryId,
      supplier_id: supplierId,
      name: '麻阳冰糖橙',
      images: '[]',
      temperature_class: 'ambient',
      shelf_life_days: 15,
      updated_at: now,
    })
    .execute();

  const skus = Array.from({ length: size.skus }, (_, i) => ({
    ...own,
    id: newId('sku'),
    product_id: productId,
    spec: `${500 + i * 100}g`,
    unit: '份',
    barcode: null,
    images: '[]',
    cost_price_fen: 900 + i * 50,
    list_price_fen: 1990 + i * 100,
    weight_g: 500 + i * 100,
    volume_ml: 800,
    updated_at: now,
  }));
  await db.insertInto('skus').values(skus).execute();

  const leaders = Array.from({ length: size.leaders }, (_, i) => ({
    ...own,
    id: newId('ldr'),
    phone: `137${String(i).padStart(8, '0')}`,
    name: `团长${i}`,
    status: 'active' as const,
  }));
  await db.insertInto('leaders').values(leaders).execute();
  const pickupPoints = leaders.map((leader, i) => ({
    ...own,
    id: newId('pp'),
    leader_id: leader.id,
    name: `自提点${i}`,
    address: `岳麓区麓山路${i + 1}号`,
    lat: 28.15 + (i % 10) * 0.01,
    lng: 112.9 + Math.floor(i / 10) * 0.01,
    status: 'open' as const,
  }));
  await db.insertInto('pickup_points').values(pickupPoints).execute();

  const residents = Array.from({ length: size.residents }, (_, i) => ({
    ...own,
    id: newId('res'),
    phone: `138${String(i).padStart(8, '0')}`,
    name: `居民${i}`,
    pickup_point_id: (pickupPoints[i % pickupPoints.length] as { id: string }).id,
  }));
  for (let i = 0; i < residents.length; i += 500)
    await db
      .insertInto('residents')
      .values(residents.slice(i, i + 500))
      .execute();

  const campaign = (title: string) => ({
    ...own,
    id: newId('cmp'),
    title,
    status: 'open' as const,
    opens_at: new Date(now.getTime() - 3600_000),
    cutoff_at: new Date(now.getTime() + 6 * 3600_000),
    pickup_date: shanghaiDate(new Date(now.getTime() + 24 * 3600_000)),
    leader_scope: 'all' as const,
    updated_at: now,
  });
  const unlimited = campaign('今日团购');
  const flash = campaign('秒杀');
  await db.insertInto('campaigns').values([unlimited, flash]).execute();

  const unlimitedLines = skus.map((sku, i) => ({
    id: newId('cl'),
    operator_id: operatorId,
    campaign_id: unlimited.id,
    sku_id: sku.id,
    group_price_fen: 1290 + i * 100,
    stock_total: null,
    per_resident_limit: null,
    sort: i,
  }));
  const flashLine = {
    id: newId('cl'),
    operator_id: operatorId,
    campaign_id: flash.id,
    sku_id: (skus[0] as { id: string }).id,
    group_price_fen: 990,
    stock_total: size.flashStock,
    per_resident_limit: 1,
    sort: 0,
  };
  await db
    .insertInto('campaign_lines')
    .values([...unlimitedLines, flashLine])
    .execute();

  return {
    operatorSlug,
    unlimitedCampaignId: unlimited.id,
    unlimitedLineIds: unlimitedLines.map((l) => l.id),
    flashCampaignId: flash.id,
    flashLineId: flashLine.id,
    flashStock: size.flashStock,
    residents: residents.map((r) => ({ id: r.id, phone: r.phone })),
  };
}

/** The operator's business date (Asia/Shanghai, the default time zone) as 'YYYY-MM-DD'. */
function shanghaiDate(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(at);
}

/**
 * The priced runs' promotions, written straight into the bench database: an automatic 满10减1 over
 * the whole operator (no budget or limit, so no row every order updates) and a coupon template of
 * 0.5 yuan off, `perShopper` coupons of it for each shopper. Returns each token's coupons as an
 * order names them: the id, with the coupon's promotion when `withPromotion`.
 */
export async function seedPromotions(
  db: Database,
  world: BenchWorld,
  tokens: string[],
  shoppers: Array<{ id: string }>,
  perShopper: number,
  withPromotion: boolean,
): Promise<Map<string, BenchCoupon[]>> {
  const now = new Date();
  const { rows } = await sql<{ id: string }>`select id from operators where slug = ${world.operatorSlug}`.execute(db);
  const operatorId = rows[0]?.id as string;
  const window = {
    starts_at: new Date(now.getTime() - 86_400_000),
    ends_at: new Date(now.getTime() + 30 * 86_400_000),
    created_at: now,
    updated_at: now,
  };
  const common = {
    operator_id: operatorId,
    scope_kind: 'operator' as const,
    trigger: 'automatic' as const,
    discount_kind: 'amount' as const,
    ...window,
  };
  await db
    .insertInto('promotions')
    .values({ ...common, id: 'prm_bench_threshold', name: '满10减1', amount_off_fen: 100, threshold_fen: 1000 })
    .execute();
  await db
    .insertInto('promotions')
    .values({ ...common, id: 'prm_bench_coupon', name: '立减0.5', trigger: 'coupon', amount_off_fen: 50 })
    .execute();
  const coupons = new Map<string, BenchCoupon[]>();
  const values = shoppers.flatMap((r, i) => {
    const ids = Array.from({ length: perShopper }, (_, k) => `cpn_bench_${i}_${k}`);
    coupons.set(
      tokens[i] as string,
      ids.map((couponId) => (withPromotion ? { couponId, couponPromotionId: 'prm_bench_coupon' } : { couponId })),
    );
    return ids.map((id) => ({
      id,
      operator_id: operatorId,
      promotion_id: 'prm_bench_coupon',
      resident_id: r.id,
      source: 'staff' as const,
      valid_from: window.starts_at,
      valid_until: window.ends_at,
      issued_at: now,
    }));
  });
  for (let i = 0; i < values.length; i += 5_000)
    await db
      .insertInto('coupons')
      .values(values.slice(i, i + 5_000))
      .execute();
  return coupons;
}

/** A coupon as a priced order names it (shop.PlaceOrder's couponId and couponPromotionId). */
export interface BenchCoupon {
  couponId: string;
  couponPromotionId?: string;
}

/** Switches the priced runs' automatic 满10减1 on (priced runs) or off (plain runs). */
export async function setAutomaticPromotion(db: Database, active: boolean): Promise<void> {
  await db
    .updateTable('promotions')
    .set({ status: active ? 'active' : 'paused' })
    .where('id', '=', 'prm_bench_threshold')
    .execute();
}
