import type { Insertable } from 'kysely';
import type { AppContext } from '../context.ts';
import { DAY, HOUR } from '../platform/clock.ts';
import type { Tx } from '../platform/db/database.ts';
import type { CampaignLinesTable, SkusTable, StaffRole } from '../platform/db/schema.ts';
import { newId } from '../platform/ids.ts';
import { scheduleJob } from '../platform/jobs.ts';
import { campaignText } from './campaign-text.ts';
import { type DemoProduct, type DemoSku, demoCampaigns, demoCategories, demoProducts, demoSuppliers } from './catalog-data.ts';
import { CITY_NAME, type DistrictName, personName, planLeaders, planResidentHomes, seededRandom } from './city.ts';

/** The demo operator: a regional brand in Changsha. */
export const DEMO_OPERATOR = { slug: 'linli-demo', name: '邻里鲜生', timezone: 'Asia/Shanghai' } as const;

/** Phones of the demo's people, so the start banner and the tests agree. */
export const DEMO_PHONES = {
  admin: phoneAt('138', 0),
  leader: phoneAt('139', 0),
  resident: phoneAt('137', 0),
  driver: phoneAt('136', 0),
  supplier: demoSuppliers.xiangjiang.phone,
} as const;

const RESIDENTS = 3000;
const DRIVERS = 8;
/** Fixed, so every first start builds the same city. */
const SEED = 20261122;
/** Rows per multi-row insert: well below PostgreSQL's 65,535 bind parameters. */
const CHUNK = 1000;
/** Today's campaigns close at 23:00 operator time, unless that has already passed. */
const CUTOFF_HOUR = 23;
const CUTOFF_JOB = 'campaign.cutoff';

/** One staff member per role besides the admin, with phones 13800000001 onwards. */
const staffRoles: ReadonlyArray<{ role: StaffRole; name: string }> = [
  { role: 'merchandiser', name: '陈丽（商品）' },
  { role: 'purchaser', name: '谭志刚（采购）' },
  { role: 'warehouse', name: '彭勇（仓库）' },
  { role: 'dispatcher', name: '曾海波（调度）' },
  { role: 'finance', name: '贺敏（财务）' },
  { role: 'support', name: '肖婷（客服）' },
];

export interface DemoSeed {
  /** Lines for the start banner: who to log in as and how. */
  howToLogIn(base: string): string[];
}

/**
 * Seeds the demo city (operator 邻里鲜生 in Changsha with staff, suppliers, catalog, leaders,
 * pickup points, residents, drivers and today's open campaigns) when the database holds no
 * operator at all. Returns the login hints whenever the demo operator exists, so a restart prints
 * them again; returns undefined on an installation with other operators only.
 */
export async function maybeSeedDemo(ctx: AppContext): Promise<DemoSeed | undefined> {
  const started = performance.now();
  const outcome = await ctx.db.transaction().execute(async (trx) => {
    // Two processes starting on one empty database must not both seed it.
    await trx.selectNoFrom((eb) => eb.fn('pg_advisory_xact_lock', [eb.fn('hashtext', [eb.val('linli:demo-seed')])]).as('l')).execute();
    const operators = await trx.selectFrom('operators').select('slug').execute();
    if (operators.length > 0) return operators.some((o) => o.slug === DEMO_OPERATOR.slug) ? 'present' : 'absent';
    return seedDemoCity(ctx, trx);
  });
  if (outcome === 'absent') return undefined;
  if (outcome !== 'present') {
    ctx.log.info({ operator: DEMO_OPERATOR.slug, ...outcome, ms: Math.round(performance.now() - started) }, 'demo city seeded');
  }
  return { howToLogIn };
}

function howToLogIn(base: string): string[] {
  const staff = `${phoneAt('138', 1)}..${phoneAt('138', staffRoles.length).slice(-2)} (${staffRoles.map((s) => s.role).join(', ')})`;
  return [
    `  demo:      ${DEMO_OPERATOR.name}, operator '${DEMO_OPERATOR.slug}' in ${CITY_NAME}, with today's open campaigns`,
    `  log in:    resident ${DEMO_PHONES.resident} at ${base}/shop/`,
    `             leader   ${DEMO_PHONES.leader} at ${base}/leader/`,
    `             driver   ${DEMO_PHONES.driver} at ${base}/driver/`,
    `             supplier ${DEMO_PHONES.supplier} (${demoSuppliers.xiangjiang.name}) at ${base}/supplier/`,
    `             staff    ${DEMO_PHONES.admin} (admin), ${staff} at ${base}/admin/`,
    '             the login screen fills in the code (development: the dev SMS provider answers it)',
    `  by API:    1. POST ${base}/api/v1/auth/sms-codes {"phone":"${DEMO_PHONES.resident}"} answers the code as "devCode"`,
    `             2. POST ${base}/api/v1/auth/sessions {"operator":"${DEMO_OPERATOR.slug}","phone":"${DEMO_PHONES.resident}","code":"<devCode>","as":"resident"}`,
    '                ("as": resident, leader, driver, supplier or staff); send the token as "Authorization: Bearer <token>"',
  ];
}

/** Inserts the whole city in the caller's transaction; returns what it created. */
async function seedDemoCity(ctx: AppContext, trx: Tx) {
  const now = ctx.clock.now();
  const random = seededRandom(SEED);
  const operatorId = newId('opr');
  await trx
    .insertInto('operators')
    .values({ id: operatorId, slug: DEMO_OPERATOR.slug, name: DEMO_OPERATOR.name, timezone: DEMO_OPERATOR.timezone, created_at: now })
    .execute();
  const staff = [{ role: 'admin' as StaffRole, name: '林晓（店长）' }, ...staffRoles].map((s, i) => ({
    id: newId('stf'),
    operator_id: operatorId,
    phone: phoneAt('138', i),
    name: s.name,
    roles: [s.role],
    created_at: now,
  }));
  await trx.insertInto('staff').values(staff).execute();
  const drivers = Array.from({ length: DRIVERS }, (_, i) => ({
    id: newId('drv'),
    operator_id: operatorId,
    phone: phoneAt('136', i),
    name: personName(random),
    created_at: now,
  }));
  await trx.insertInto('drivers').values(drivers).execute();

  const skus = await insertCatalog(trx, operatorId, now);
  const leaders = await insertLeadersAndPickupPoints(trx, operatorId, random, now);
  const residents = await insertResidents(trx, operatorId, random, leaders, now);
  const campaigns = await insertCampaigns(ctx, trx, operatorId, skus, leaders);
  return {
    staff: staff.length,
    drivers: drivers.length,
    suppliers: Object.keys(demoSuppliers).length,
    products: skus.size,
    skus: [...skus.values()].flat().length,
    leaders: leaders.length,
    residents,
    campaigns,
  };
}

type SkuRow = Insertable<SkusTable> & { id: string; data: DemoSku };

/** Suppliers, categories, products and SKUs; returns the SKUs by product name. */
async function insertCatalog(trx: Tx, operatorId: string, now: Date): Promise<Map<string, SkuRow[]>> {
  const supplierIds = new Map<string, string>();
  const suppliers = Object.entries(demoSuppliers).map(([key, s]) => {
    const id = newId('sup');
    supplierIds.set(key, id);
    return { id, operator_id: operatorId, name: s.name, contact_name: s.contactName, phone: s.phone, created_at: now };
  });
  await trx.insertInto('suppliers').values(suppliers).execute();
  const categoryIds = new Map<string, string>();
  const categories = demoCategories.map((name, sort) => {
    const id = newId('cat');
    categoryIds.set(name, id);
    return { id, operator_id: operatorId, name, parent_id: null, sort, created_at: now };
  });
  await trx.insertInto('categories').values(categories).execute();

  const skusByProduct = new Map<string, SkuRow[]>();
  const catalog: readonly DemoProduct[] = demoProducts;
  const products = catalog.map((p) => {
    const id = newId('prd');
    const skus = p.skus.map((s) => ({
      id: newId('sku'),
      operator_id: operatorId,
      product_id: id,
      spec: s.spec,
      unit: s.unit,
      barcode: s.barcode ?? null,
      images: '[]',
      cost_price_fen: s.costFen,
      list_price_fen: s.listFen,
      weight_g: s.weightG,
      volume_ml: s.volumeMl,
      created_at: now,
      updated_at: now,
      data: s,
    }));
    skusByProduct.set(p.name, skus);
    return {
      id,
      operator_id: operatorId,
      category_id: categoryIds.get(p.category)!,
      supplier_id: supplierIds.get(p.supplier)!,
      name: p.name,
      description: p.description ?? '',
      images: '[]',
      temperature_class: p.temperature,
      shelf_life_days: p.shelfLifeDays,
      created_at: now,
      updated_at: now,
    };
  });
  await trx.insertInto('products').values(products).execute();
  const skuRows = [...skusByProduct.values()].flat().map(({ data: _, ...row }) => row);
  await trx.insertInto('skus').values(skuRows).execute();
  return skusByProduct;
}

interface SeededLeader {
  id: string;
  district: DistrictName;
  pickupPointId: string;
}

/** Leaders (团长) spread over the districts, each with one open pickup point. */
async function insertLeadersAndPickupPoints(trx: Tx, operatorId: string, random: () => number, now: Date): Promise<SeededLeader[]> {
  const planned = planLeaders(random);
  const leaders = planned.map((l) => ({ id: newId('ldr'), district: l.district, pickupPointId: newId('pp') }));
  const leaderRows = planned.map((l, i) => ({
    id: leaders[i]!.id,
    operator_id: operatorId,
    phone: phoneAt('139', i),
    name: l.name,
    status: 'active' as const,
    level: l.level,
    created_at: now,
  }));
  const points = planned.map(({ pickupPoint: p }, i) => ({
    id: leaders[i]!.pickupPointId,
    operator_id: operatorId,
    leader_id: leaders[i]!.id,
    name: p.name,
    address: p.address,
    lat: p.lat,
    lng: p.lng,
    opening_hours: p.openingHours,
    status: 'open' as const,
    created_at: now,
  }));
  await inChunks(leaderRows, (rows) => trx.insertInto('leaders').values(rows).execute());
  await inChunks(points, (rows) => trx.insertInto('pickup_points').values(rows).execute());
  return leaders;
}

/** Residents, each bound to a pickup point; the demo resident shops at the demo leader's. */
async function insertResidents(trx: Tx, operatorId: string, random: () => number, leaders: SeededLeader[], now: Date): Promise<number> {
  const residents = planResidentHomes(random, leaders.length, RESIDENTS).map((home, i) => ({
    id: newId('res'),
    operator_id: operatorId,
    phone: phoneAt('137', i),
    name: personName(random),
    pickup_point_id: leaders[home]!.pickupPointId,
    created_at: now,
  }));
  await inChunks(residents, (rows) => trx.insertInto('residents').values(rows).execute());
  return residents.length;
}

/** Today's open campaigns, each with its cutoff scheduled as a durable job. */
async function insertCampaigns(
  ctx: AppContext,
  trx: Tx,
  operatorId: string,
  skus: Map<string, SkuRow[]>,
  leaders: SeededLeader[],
): Promise<number> {
  const now = ctx.clock.now();
  const today = localDate(DEMO_OPERATOR.timezone, now);
  const closingTime = atLocalHour(DEMO_OPERATOR.timezone, today, CUTOFF_HOUR);
  const cutoff = closingTime > now ? closingTime : new Date(now.getTime() + 12 * HOUR);
  const pickupDate = nextDate(localDate(DEMO_OPERATOR.timezone, cutoff));
  const lines: Insertable<CampaignLinesTable>[] = [];
  const scopes: Array<{ operator_id: string; campaign_id: string; leader_id: string }> = [];
  const campaigns = demoCampaigns.map((c) => {
    const id = newId('cmp');
    const offered = c.products.flatMap((name) => {
      const found = skus.get(name);
      if (!found) throw new Error(`demo campaign '${c.title}' offers '${name}', which is not in the catalog`);
      return found;
    });
    offered.forEach((sku, sort) => {
      lines.push({
        id: newId('cml'),
        operator_id: operatorId,
        campaign_id: id,
        sku_id: sku.id,
        group_price_fen: sku.data.groupFen,
        stock_total: sku.data.stock ?? null,
        per_resident_limit: sku.data.limit ?? null,
        sort,
      });
    });
    const inScope = c.leaderDistricts ? leaders.filter((l) => c.leaderDistricts?.includes(l.district)) : [];
    scopes.push(...inScope.map((l) => ({ operator_id: operatorId, campaign_id: id, leader_id: l.id })));
    return {
      id,
      operator_id: operatorId,
      title: c.title,
      description: campaignText(c.description, { now, cutoff, pickupDate, timeZone: DEMO_OPERATOR.timezone }),
      status: 'open' as const,
      opens_at: new Date(now.getTime() - HOUR),
      cutoff_at: cutoff,
      pickup_date: pickupDate,
      leader_scope: c.leaderDistricts ? ('list' as const) : ('all' as const),
      min_total_quantity: c.minTotalQuantity ?? 0,
      created_at: now,
      updated_at: now,
    };
  });
  await trx.insertInto('campaigns').values(campaigns).execute();
  await inChunks(lines, (rows) => trx.insertInto('campaign_lines').values(rows).execute());
  await inChunks(scopes, (rows) => trx.insertInto('campaign_leaders').values(rows).execute());
  for (const c of campaigns) {
    await scheduleJob(trx, ctx.clock, {
      kind: CUTOFF_JOB,
      runAt: cutoff,
      operatorId,
      payload: { campaignId: c.id },
      dedupeKey: `${CUTOFF_JOB}:${c.id}`,
    });
  }
  return campaigns.length;
}

async function inChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

/** An 11-digit mobile number: a 3-digit prefix and the index, e.g. 13900000042. */
function phoneAt(prefix: string, index: number): string {
  return `${prefix}${String(index).padStart(8, '0')}`;
}

/** The calendar day ('YYYY-MM-DD') the operator's clocks show at an instant. */
function localDate(timeZone: string, at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** The instant the operator's clocks show `hour`:00 on `date`. */
function atLocalHour(timeZone: string, date: string, hour: number): Date {
  const asIfUtc = Date.parse(`${date}T${String(hour).padStart(2, '0')}:00:00Z`);
  const wall = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  });
  const parts = Object.fromEntries(wall.formatToParts(asIfUtc).map((p) => [p.type, Number(p.value)]));
  const offset = Date.UTC(parts.year!, parts.month! - 1, parts.day, parts.hour, parts.minute) - asIfUtc;
  return new Date(asIfUtc - offset);
}

function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
}
