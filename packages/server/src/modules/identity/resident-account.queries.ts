import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';

/** A resident's own account as their shop shows it: name, phone in full, and the pickup point they chose. */
export interface ResidentAccount {
  id: string;
  phone: string;
  name: string;
  pickupPointId: string | null;
}

/** The operator's resident, for their own screens; undefined for none. */
export async function residentAccount(db: Executor, operatorId: string, residentId: string): Promise<ResidentAccount | undefined> {
  return db
    .selectFrom('residents')
    .select(['id', 'phone', 'name', 'pickup_point_id as pickupPointId'])
    .where('operator_id', '=', operatorId)
    .where('id', '=', residentId)
    .executeTakeFirst();
}

/** Fragment: the pickup point a resident chose (one value, null for none), for checkout's one read of where an order goes. */
export function residentPickupPointId(residentId: string): RawBuilder<string | null> {
  return sql<string | null>`select pickup_point_id from residents where id = ${residentId}`;
}
