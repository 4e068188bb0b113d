import type { Executor } from '../../platform/db/database.ts';
import { sql } from 'kysely';
import type { StaffRole } from '../../platform/db/schema.ts';

/** The names of the operator's staff with these ids, by id (unknown ids are left out). */
export async function staffNames(db: Executor, operatorId: string, ids: Iterable<string | null>): Promise<Map<string, string>> {
  const wanted = [...new Set([...ids].filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .selectFrom('staff')
    .select(['id', 'name'])
    .where('operator_id', '=', operatorId)
    .where('id', 'in', wanted)
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The ids of the operator's active staff holding any of these roles: whom to tell of what their role looks after. */
export async function activeStaffWithRoles(db: Executor, operatorId: string, roles: readonly StaffRole[]): Promise<string[]> {
  if (roles.length === 0) return [];
  const rows = await db
    .selectFrom('staff')
    .select('id')
    .where('operator_id', '=', operatorId)
    .where('active', '=', true)
    .where(sql<boolean>`roles && array[${sql.join(roles)}]::text[]`)
    .execute();
  return rows.map((r) => r.id);
}
