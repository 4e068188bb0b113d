import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import type { StaffRole } from '../../platform/db/schema.ts';

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
