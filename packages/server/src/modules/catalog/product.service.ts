import type { admin } from '@linli/contracts';
import type { Selectable } from 'kysely';
import type { AppContext } from '../../context.ts';
import type { Executor } from '../../platform/db/database.ts';
import { containing } from '../../platform/db/like.ts';
import { fetchPage, type Page } from '../../platform/db/paging.ts';
import type { ProductsTable, SkusTable, TemperatureClass } from '../../platform/db/schema.ts';
import { found } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';

const toProduct = (r: Selectable<ProductsTable>): admin.Product => ({
  id: r.id,
  categoryId: r.category_id,
  supplierId: r.supplier_id,
  name: r.name,
  description: r.description,
  images: r.images,
  temperatureClass: r.temperature_class,
  shelfLifeDays: r.shelf_life_days,
  active: r.active,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

const toSku = (r: Selectable<SkusTable>): admin.Sku => ({
  id: r.id,
  productId: r.product_id,
  spec: r.spec,
  unit: r.unit,
  barcode: r.barcode,
  images: r.images,
  costPriceFen: r.cost_price_fen,
  listPriceFen: r.list_price_fen,
  weightG: r.weight_g,
  volumeMl: r.volume_ml,
  active: r.active,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

export interface ProductFilter {
  page: number;
  pageSize: number;
  categoryId?: string | undefined;
  supplierId?: string | undefined;
  name?: string | undefined;
  active?: boolean | undefined;
}

/** The operator's products by name, filtered by category, supplier, part of the name and whether active. */
export async function listProducts(db: Executor, operatorId: string, filter: ProductFilter): Promise<Page<admin.Product>> {
  let base = db.selectFrom('products').where('operator_id', '=', operatorId);
  if (filter.categoryId) base = base.where('category_id', '=', filter.categoryId);
  if (filter.supplierId) base = base.where('supplier_id', '=', filter.supplierId);
  if (filter.name) base = base.where('name', 'ilike', containing(filter.name));
  if (filter.active !== undefined) base = base.where('active', '=', filter.active);
  const listed = await fetchPage(filter, base.selectAll().orderBy('name').orderBy('id'), base);
  return { ...listed, items: listed.items.map(toProduct) };
}

/** One product of the operator with all its SKUs, or NOT_FOUND. */
export async function getProduct(db: Executor, operatorId: string, id: string): Promise<admin.ProductWithSkus> {
  const row = found(
    await db.selectFrom('products').selectAll().where('operator_id', '=', operatorId).where('id', '=', id).executeTakeFirst(),
    'product',
  );
  const skus = await db
    .selectFrom('skus')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('product_id', '=', id)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return { ...toProduct(row), skus: skus.map(toSku) };
}

async function checkReferences(
  db: Executor,
  operatorId: string,
  refs: { categoryId?: string | undefined; supplierId?: string | undefined },
) {
  if (refs.categoryId) {
    found(
      await db
        .selectFrom('categories')
        .select('id')
        .where('operator_id', '=', operatorId)
        .where('id', '=', refs.categoryId)
        .executeTakeFirst(),
      'category',
    );
  }
  if (refs.supplierId) {
    found(
      await db
        .selectFrom('suppliers')
        .select('id')
        .where('operator_id', '=', operatorId)
        .where('id', '=', refs.supplierId)
        .executeTakeFirst(),
      'supplier',
    );
  }
}

/** Creates a product in a category of the operator, bought from one of its suppliers. */
export async function createProduct(ctx: AppContext, operatorId: string, input: admin.CreateProduct): Promise<admin.ProductWithSkus> {
  await checkReferences(ctx.db, operatorId, input);
  const now = ctx.clock.now();
  const row = await ctx.db
    .insertInto('products')
    .values({
      id: newId('prd'),
      operator_id: operatorId,
      category_id: input.categoryId,
      supplier_id: input.supplierId,
      name: input.name,
      description: input.description ?? '',
      images: JSON.stringify(input.images ?? []),
      temperature_class: input.temperatureClass,
      shelf_life_days: input.shelfLifeDays,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { ...toProduct(row), skus: [] };
}

/** Edits a product; an inactive product is hidden from new campaigns, running ones are unaffected. */
export async function updateProduct(
  ctx: AppContext,
  operatorId: string,
  id: string,
  patch: admin.UpdateProduct,
): Promise<admin.ProductWithSkus> {
  await getProduct(ctx.db, operatorId, id);
  await checkReferences(ctx.db, operatorId, patch);
  const { images, ...rest } = patch;
  await ctx.db
    .updateTable('products')
    .set({
      ...(rest.categoryId !== undefined ? { category_id: rest.categoryId } : {}),
      ...(rest.supplierId !== undefined ? { supplier_id: rest.supplierId } : {}),
      ...(rest.name !== undefined ? { name: rest.name } : {}),
      ...(rest.description !== undefined ? { description: rest.description } : {}),
      ...(images !== undefined ? { images: JSON.stringify(images) } : {}),
      ...(rest.temperatureClass !== undefined ? { temperature_class: rest.temperatureClass } : {}),
      ...(rest.shelfLifeDays !== undefined ? { shelf_life_days: rest.shelfLifeDays } : {}),
      ...(rest.active !== undefined ? { active: rest.active } : {}),
      updated_at: ctx.clock.now(),
    })
    .where('operator_id', '=', operatorId)
    .where('id', '=', id)
    .execute();
  return getProduct(ctx.db, operatorId, id);
}

/** Adds a SKU (a sellable variant: spec, unit, prices, weight and volume for logistics) to a product. */
export async function createSku(ctx: AppContext, operatorId: string, productId: string, input: admin.CreateSku): Promise<admin.Sku> {
  found(
    await ctx.db.selectFrom('products').select('id').where('operator_id', '=', operatorId).where('id', '=', productId).executeTakeFirst(),
    'product',
  );
  const now = ctx.clock.now();
  const row = await ctx.db
    .insertInto('skus')
    .values({
      id: newId('sku'),
      operator_id: operatorId,
      product_id: productId,
      spec: input.spec,
      unit: input.unit,
      barcode: input.barcode ?? null,
      images: JSON.stringify(input.images ?? []),
      cost_price_fen: input.costPriceFen,
      list_price_fen: input.listPriceFen,
      weight_g: input.weightG,
      volume_ml: input.volumeMl,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toSku(row);
}

/** Edits a SKU; prices already agreed in a campaign line are not affected. */
export async function updateSku(ctx: AppContext, operatorId: string, id: string, patch: admin.UpdateSku): Promise<admin.Sku> {
  const { images, ...rest } = patch;
  const row = await ctx.db
    .updateTable('skus')
    .set({
      ...(rest.spec !== undefined ? { spec: rest.spec } : {}),
      ...(rest.unit !== undefined ? { unit: rest.unit } : {}),
      ...(rest.barcode !== undefined ? { barcode: rest.barcode } : {}),
      ...(images !== undefined ? { images: JSON.stringify(images) } : {}),
      ...(rest.costPriceFen !== undefined ? { cost_price_fen: rest.costPriceFen } : {}),
      ...(rest.listPriceFen !== undefined ? { list_price_fen: rest.listPriceFen } : {}),
      ...(rest.weightG !== undefined ? { weight_g: rest.weightG } : {}),
      ...(rest.volumeMl !== undefined ? { volume_ml: rest.volumeMl } : {}),
      ...(rest.active !== undefined ? { active: rest.active } : {}),
      updated_at: ctx.clock.now(),
    })
    .where('operator_id', '=', operatorId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return toSku(found(row, 'SKU'));
}

/**
 * A SKU as other modules see it: what a campaign shows and checks (`active` only when the SKU and
 * its product both are), what procurement buys it at and how long it keeps, how it travels.
 */
export interface SkuDescription {
  skuId: string;
  productName: string;
  spec: string;
  unit: string;
  listPriceFen: number;
  active: boolean;
  costPriceFen: number;
  shelfLifeDays: number;
  weightG: number;
  volumeMl: number;
  temperatureClass: TemperatureClass;
  categoryId: string | null;
}

/** Describes the operator's SKUs among `skuIds`; ids of other operators or unknown ids are absent from the map. */
export async function describeSkus(db: Executor, operatorId: string, skuIds: Iterable<string>): Promise<Map<string, SkuDescription>> {
  const wanted = [...new Set(skuIds)];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .selectFrom('skus')
    .innerJoin('products', 'products.id', 'skus.product_id')
    .select([
      'skus.id',
      'products.name',
      'skus.spec',
      'skus.unit',
      'skus.list_price_fen',
      'skus.active',
      'products.active as product_active',
      'skus.cost_price_fen',
      'products.shelf_life_days',
      'skus.weight_g',
      'skus.volume_ml',
      'products.temperature_class',
      'products.category_id',
    ])
    .where('skus.operator_id', '=', operatorId)
    .where('skus.id', 'in', wanted)
    .execute();
  return new Map(
    rows.map((r) => [
      r.id,
      {
        skuId: r.id,
        productName: r.name,
        spec: r.spec,
        unit: r.unit,
        listPriceFen: r.list_price_fen,
        active: r.active && r.product_active,
        costPriceFen: r.cost_price_fen,
        shelfLifeDays: r.shelf_life_days,
        weightG: r.weight_g,
        volumeMl: r.volume_ml,
        temperatureClass: r.temperature_class,
        categoryId: r.category_id,
      },
    ]),
  );
}
