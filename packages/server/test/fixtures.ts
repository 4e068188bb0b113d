import type { AppContext } from '../src/context.ts';
import type { Principal } from '../src/modules/identity/identity.service.ts';
import { payOrder } from '../src/modules/ordering/order-payment.ts';
import { placeOrder } from '../src/modules/ordering/ordering.service.ts';
import type { StaffRole } from '../src/platform/db/schema.ts';
import { newId } from '../src/platform/ids.ts';

/** A small world for tests: one operator with staff, a supplier, a SKU, leaders with pickup points and residents. */
export interface World {
  operatorId: string;
  slug: string;
  adminPhone: string;
  supplierId: string;
  supplierPhone: string;
  categoryId: string;
  productId: string;
  skuIds: string[];
  leaders: Array<{ id: string; phone: string; pickupPointId: string }>;
  residents: Array<{ id: string; phone: string }>;
}

let phoneCounter = 0;
/** A fresh valid phone number per call, unique within a test process. */
export function nextPhone(): string {
  phoneCounter++;
  return `139${String(process.pid % 10000).padStart(4, '0')}${String(phoneCounter).padStart(4, '0')}`;
}

export async function createOperator(ctx: AppContext, slug = 'test-op'): Promise<string> {
  const id = newId('opr');
  await ctx.db
    .insertInto('operators')
    .values({ id, slug, name: `Operator ${slug}` })
    .execute();
  return id;
}

export async function createStaff(
  ctx: AppContext,
  operatorId: string,
  roles: StaffRole[],
  phone = nextPhone(),
): Promise<{ id: string; phone: string }> {
  const id = newId('stf');
  await ctx.db
    .insertInto('staff')
    .values({ id, operator_id: operatorId, phone, name: `staff ${phone}`, roles, created_at: ctx.clock.now() })
    .execute();
  return { id, phone };
}

export async function createLeader(ctx: AppContext, operatorId: string, at: { lat: number; lng: number } = { lat: 28.2, lng: 112.97 }) {
  const phone = nextPhone();
  const id = newId('ldr');
  const pickupPointId = newId('pp');
  const now = ctx.clock.now();
  await ctx.db
    .insertInto('leaders')
    .values({ id, operator_id: operatorId, phone, name: `团长${phone.slice(-4)}`, status: 'active', created_at: now })
    .execute();
  await ctx.db
    .insertInto('pickup_points')
    .values({
      id: pickupPointId,
      operator_id: operatorId,
      leader_id: id,
      name: `自提点${phone.slice(-4)}`,
      address: '测试路1号',
      lat: at.lat,
      lng: at.lng,
      status: 'open',
      created_at: now,
    })
    .execute();
  return { id, phone, pickupPointId };
}

export async function createResident(ctx: AppContext, operatorId: string, pickupPointId: string | null) {
  const phone = nextPhone();
  const id = newId('res');
  await ctx.db
    .insertInto('residents')
    .values({ id, operator_id: operatorId, phone, pickup_point_id: pickupPointId, created_at: ctx.clock.now() })
    .execute();
  return { id, phone };
}

/** N new residents bound to the world's first pickup point, as services see them (no login). */
export async function residentPrincipals(ctx: AppContext, world: World, n: number): Promise<Principal[]> {
  const pointId = world.leaders[0]?.pickupPointId as string;
  const out: Principal[] = [];
  for (let i = 0; i < n; i++) {
    const r = await createResident(ctx, world.operatorId, pointId);
    out.push({ kind: 'resident', id: r.id, operatorId: world.operatorId, sessionId: 'test', roles: [] });
  }
  return out;
}

export async function createSku(ctx: AppContext, operatorId: string, productId: string, listPriceFen = 1990): Promise<string> {
  const id = newId('sku');
  const now = ctx.clock.now();
  await ctx.db
    .insertInto('skus')
    .values({
      id,
      operator_id: operatorId,
      product_id: productId,
      spec: '500g',
      unit: '份',
      images: '[]',
      barcode: null,
      cost_price_fen: Math.round(listPriceFen * 0.6),
      list_price_fen: listPriceFen,
      weight_g: 500,
      volume_ml: 800,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

/** Builds a world: operator, admin, supplier, category, product with `skus` SKUs, leaders and residents bound to the first leader. */
export async function createWorld(
  ctx: AppContext,
  opts: { slug?: string; skus?: number; leaders?: number; residents?: number } = {},
): Promise<World> {
  const slug = opts.slug ?? 'test-op';
  const operatorId = await createOperator(ctx, slug);
  const admin = await createStaff(ctx, operatorId, ['admin']);
  const now = ctx.clock.now();
  const supplierId = newId('sup');
  const supplierPhone = nextPhone();
  await ctx.db
    .insertInto('suppliers')
    .values({ id: supplierId, operator_id: operatorId, name: '湘江果蔬', phone: supplierPhone, created_at: now })
    .execute();
  const categoryId = newId('cat');
  await ctx.db
    .insertInto('categories')
    .values({ id: categoryId, operator_id: operatorId, name: '水果', parent_id: null, created_at: now })
    .execute();
  const productId = newId('prd');
  await ctx.db
    .insertInto('products')
    .values({
      id: productId,
      operator_id: operatorId,
      category_id: categoryId,
      supplier_id: supplierId,
      name: '麻阳冰糖橙',
      images: '[]',
      temperature_class: 'ambient',
      shelf_life_days: 15,
      created_at: now,
      updated_at: now,
    })
    .execute();
  const skuIds: string[] = [];
  for (let i = 0; i < (opts.skus ?? 2); i++) skuIds.push(await createSku(ctx, operatorId, productId, 1990 + i * 100));
  const leaders = [];
  for (let i = 0; i < (opts.leaders ?? 2); i++)
    leaders.push(await createLeader(ctx, operatorId, { lat: 28.2 + i * 0.01, lng: 112.97 + i * 0.01 }));
  const residents = [];
  for (let i = 0; i < (opts.residents ?? 2); i++) residents.push(await createResident(ctx, operatorId, leaders[0]?.pickupPointId ?? null));
  return { operatorId, slug, adminPhone: admin.phone, supplierId, supplierPhone, categoryId, productId, skuIds, leaders, residents };
}

/**
 * An open campaign for a pickup date, one line per SKU. Written directly (not through the campaign
 * service) so ordering tests do not depend on campaign editing.
 */
export async function createOpenCampaign(
  ctx: AppContext,
  world: World,
  opts: {
    pickupDate?: string;
    cutoffAt?: Date;
    stock?: number | null;
    limit?: number | null;
    priceFen?: number;
    minTotal?: number;
    leaderIds?: string[];
  } = {},
): Promise<{ id: string; lineIds: string[] }> {
  const now = ctx.clock.now();
  const id = newId('cmp');
  await ctx.db
    .insertInto('campaigns')
    .values({
      id,
      operator_id: world.operatorId,
      title: '冰糖橙产地直发',
      status: 'open',
      opens_at: new Date(now.getTime() - 3600_000),
      cutoff_at: opts.cutoffAt ?? new Date(now.getTime() + 12 * 3600_000),
      pickup_date: opts.pickupDate ?? '2026-11-21',
      leader_scope: opts.leaderIds ? 'list' : 'all',
      min_total_quantity: opts.minTotal ?? 0,
      created_at: now,
      updated_at: now,
    })
    .execute();
  for (const leaderId of opts.leaderIds ?? []) {
    await ctx.db.insertInto('campaign_leaders').values({ operator_id: world.operatorId, campaign_id: id, leader_id: leaderId }).execute();
  }
  const lineIds: string[] = [];
  for (const [i, skuId] of world.skuIds.entries()) {
    const lineId = newId('cml');
    lineIds.push(lineId);
    await ctx.db
      .insertInto('campaign_lines')
      .values({
        id: lineId,
        operator_id: world.operatorId,
        campaign_id: id,
        sku_id: skuId,
        group_price_fen: (opts.priceFen ?? 990) + i * 100,
        stock_total: opts.stock === undefined ? 100 : opts.stock,
        per_resident_limit: opts.limit === undefined ? null : opts.limit,
        sort: i,
      })
      .execute();
  }
  return { id, lineIds };
}

/** Unpaid orders of N new residents, one unit each of a fresh open campaign's line, with their payment intents. */
export async function unpaidOrders(ctx: AppContext, world: World, n: number) {
  const campaign = await createOpenCampaign(ctx, world, { stock: 1000, limit: 5 });
  const line = campaign.lineIds[0] as string;
  const out = [];
  for (const p of await residentPrincipals(ctx, world, n)) {
    const order = await placeOrder(ctx, p, { lines: [{ campaignLineId: line, quantity: 1 }] });
    const intent = await payOrder(ctx, p, order.id, 'notify');
    out.push({ p, order, intent });
  }
  return out;
}
