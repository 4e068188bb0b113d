import type { admin } from '@linli/contracts';
import type { Selectable } from 'kysely';
import type { AppContext } from '../../context.ts';
import type { Executor } from '../../platform/db/database.ts';
import { containing } from '../../platform/db/like.ts';
import { fetchPage, type Page } from '../../platform/db/paging.ts';
import type { CategoriesTable, SuppliersTable } from '../../platform/db/schema.ts';
import { AppError, found } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { revokeSessionsOf } from '../identity/index.ts';

type CategoryRow = Selectable<CategoriesTable>;
type SupplierRow = Selectable<SuppliersTable>;

const toCategory = (r: CategoryRow): admin.Category => ({
  id: r.id,
  name: r.name,
  parentId: r.parent_id,
  sort: r.sort,
  createdAt: r.created_at.toISOString(),
});

const toSupplier = (r: SupplierRow): admin.Supplier => ({
  id: r.id,
  name: r.name,
  contactName: r.contact_name,
  phone: r.phone,
  active: r.active,
  createdAt: r.created_at.toISOString(),
});

/** The operator's categories, by sort order then name. */
export async function listCategories(db: Executor, operatorId: string, page: number, pageSize: number): Promise<Page<admin.Category>> {
  const base = db.selectFrom('categories').where('operator_id', '=', operatorId);
  const listed = await fetchPage({ page, pageSize }, base.selectAll().orderBy('sort').orderBy('name').orderBy('id'), base);
  return { ...listed, items: listed.items.map(toCategory) };
}

/** Creates a category, optionally under a parent of the same operator. */
export async function createCategory(ctx: AppContext, operatorId: string, input: admin.CreateCategory): Promise<admin.Category> {
  const parentId = input.parentId ?? null;
  if (parentId) await getCategoryRow(ctx.db, operatorId, parentId, 'parent category');
  const row = await ctx.db
    .insertInto('categories')
    .values({
      id: newId('cat'),
      operator_id: operatorId,
      name: input.name,
      parent_id: parentId,
      sort: input.sort ?? 0,
      created_at: ctx.clock.now(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toCategory(row);
}

/** Renames, re-sorts or moves a category; a category cannot move under itself or its descendants. */
export async function updateCategory(
  ctx: AppContext,
  operatorId: string,
  id: string,
  patch: admin.UpdateCategory,
): Promise<admin.Category> {
  return ctx.db.transaction().execute(async (trx) => {
    await getCategoryRow(trx, operatorId, id, 'category');
    if (patch.parentId) {
      // Walk up from the new parent: meeting the category itself would close a cycle.
      let cursor: string | null = patch.parentId;
      while (cursor) {
        if (cursor === id) throw new AppError('VALIDATION_FAILED', 'a category cannot be moved under itself or its descendants');
        cursor = (await getCategoryRow(trx, operatorId, cursor, 'parent category')).parent_id;
      }
    }
    const changes = {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.sort !== undefined ? { sort: patch.sort } : {}),
      ...(patch.parentId !== undefined ? { parent_id: patch.parentId } : {}),
    };
    if (Object.keys(changes).length === 0) return toCategory(await getCategoryRow(trx, operatorId, id, 'category'));
    const row = await trx
      .updateTable('categories')
      .set(changes)
      .where('operator_id', '=', operatorId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toCategory(row);
  });
}

async function getCategoryRow(db: Executor, operatorId: string, id: string, what: string) {
  return found(
    await db.selectFrom('categories').selectAll().where('operator_id', '=', operatorId).where('id', '=', id).executeTakeFirst(),
    what,
  );
}

/** The operator's suppliers by name, optionally those whose name contains `name`. */
export async function listSuppliers(
  db: Executor,
  operatorId: string,
  query: { page: number; pageSize: number; name?: string | undefined },
): Promise<Page<admin.Supplier>> {
  let base = db.selectFrom('suppliers').where('operator_id', '=', operatorId);
  if (query.name) base = base.where('name', 'ilike', containing(query.name));
  const listed = await fetchPage(query, base.selectAll().orderBy('name').orderBy('id'), base);
  return { ...listed, items: listed.items.map(toSupplier) };
}

/** One supplier of the operator, or NOT_FOUND. */
export async function getSupplier(db: Executor, operatorId: string, id: string): Promise<admin.Supplier> {
  const row = await db.selectFrom('suppliers').selectAll().where('operator_id', '=', operatorId).where('id', '=', id).executeTakeFirst();
  return toSupplier(found(row, 'supplier'));
}

/** Registers a supplier; its phone is its login, so it is unique within the operator (CONFLICT). */
export async function createSupplier(ctx: AppContext, operatorId: string, input: admin.CreateSupplier): Promise<admin.Supplier> {
  const row = await ctx.db
    .insertInto('suppliers')
    .values({
      id: newId('sup'),
      operator_id: operatorId,
      name: input.name,
      contact_name: input.contactName ?? '',
      phone: input.phone,
      created_at: ctx.clock.now(),
    })
    .onConflict((oc) => oc.columns(['operator_id', 'phone']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new AppError('CONFLICT', 'a supplier with this phone already exists', { field: 'phone' });
  return toSupplier(row);
}

/** Edits a supplier; deactivating one stops its logins. */
export async function updateSupplier(
  ctx: AppContext,
  operatorId: string,
  id: string,
  patch: admin.UpdateSupplier,
): Promise<admin.Supplier> {
  return ctx.db.transaction().execute(async (trx) => {
    const current = await getSupplier(trx, operatorId, id);
    if (patch.phone !== undefined && patch.phone !== current.phone) {
      const taken = await trx
        .selectFrom('suppliers')
        .select('id')
        .where('operator_id', '=', operatorId)
        .where('phone', '=', patch.phone)
        .executeTakeFirst();
      if (taken) throw new AppError('CONFLICT', 'a supplier with this phone already exists', { field: 'phone' });
    }
    const changes = {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.contactName !== undefined ? { contact_name: patch.contactName } : {}),
      ...(patch.phone !== undefined ? { phone: patch.phone } : {}),
      ...(patch.active !== undefined ? { active: patch.active } : {}),
    };
    if (Object.keys(changes).length === 0) return current;
    const row = await trx
      .updateTable('suppliers')
      .set(changes)
      .where('operator_id', '=', operatorId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (patch.active === false) await revokeSessionsOf(trx, ctx.clock.now(), operatorId, 'supplier', id);
    return toSupplier(row);
  });
}
