import type { admin } from '@linli/contracts';
import type { Selectable } from 'kysely';
import type { AppContext } from '../../context.ts';
import type { Executor } from '../../platform/db/database.ts';
import { fetchPage, type Page } from '../../platform/db/paging.ts';
import type { StaffTable } from '../../platform/db/schema.ts';
import { AppError, found } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';

const toStaff = (r: Selectable<StaffTable>): admin.Staff => ({
  id: r.id,
  phone: r.phone,
  name: r.name,
  roles: r.roles,
  active: r.active,
  createdAt: r.created_at.toISOString(),
});

/** The operator's staff by name, optionally only the active or the inactive. */
export async function listStaff(
  db: Executor,
  operatorId: string,
  filter: { page: number; pageSize: number; active?: boolean | undefined },
): Promise<Page<admin.Staff>> {
  let base = db.selectFrom('staff').where('operator_id', '=', operatorId);
  if (filter.active !== undefined) base = base.where('active', '=', filter.active);
  const listed = await fetchPage(filter, base.selectAll().orderBy('name').orderBy('id'), base);
  return { ...listed, items: listed.items.map(toStaff) };
}

/** Adds a staff member with roles; the phone is their login, unique within the operator (CONFLICT). */
export async function createStaff(ctx: AppContext, operatorId: string, input: admin.CreateStaff): Promise<admin.Staff> {
  const row = await ctx.db
    .insertInto('staff')
    .values({
      id: newId('stf'),
      operator_id: operatorId,
      phone: input.phone,
      name: input.name,
      roles: [...new Set(input.roles)],
      created_at: ctx.clock.now(),
    })
    .onConflict((oc) => oc.columns(['operator_id', 'phone']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new AppError('CONFLICT', 'a staff member with this phone already exists', { field: 'phone' });
  return toStaff(row);
}

/**
 * Renames a staff member, changes their roles or (de)activates them; it takes effect on their
 * next request. Admins cannot deactivate themselves or drop their own admin role, so an
 * operator is never locked out by a slip.
 */
export async function updateStaff(
  ctx: AppContext,
  operatorId: string,
  actorId: string,
  id: string,
  patch: admin.UpdateStaff,
): Promise<admin.Staff> {
  const current = found(
    await ctx.db.selectFrom('staff').selectAll().where('operator_id', '=', operatorId).where('id', '=', id).executeTakeFirst(),
    'staff member',
  );
  if (id === actorId && (patch.active === false || (patch.roles && !patch.roles.includes('admin')))) {
    throw new AppError('INVALID_STATE', 'you cannot deactivate yourself or give up your own admin role');
  }
  const changes = {
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.roles !== undefined ? { roles: [...new Set(patch.roles)] } : {}),
    ...(patch.active !== undefined ? { active: patch.active } : {}),
  };
  if (Object.keys(changes).length === 0) return toStaff(current);
  const row = await ctx.db
    .updateTable('staff')
    .set(changes)
    .where('operator_id', '=', operatorId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toStaff(row);
}
