import type { Executor } from '../../platform/db/database.ts';
import { maskPhone } from './identity.rules.ts';

/** Residents' names and masked phones (138****1234), as a leader may see them, by id. */
export async function residentsSeenByLeader(
  db: Executor,
  operatorId: string,
  residentIds: readonly string[],
): Promise<Map<string, { name: string; phone: string }>> {
  const ids = [...new Set(residentIds)];
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('residents')
    .select(['id', 'name', 'phone'])
    .where('operator_id', '=', operatorId)
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, { name: r.name, phone: maskPhone(r.phone) }]));
}

/** Orders as a leader sees them: with the resident's name and masked phone. */
export async function withResidents<T extends { residentId: string }>(
  db: Executor,
  operatorId: string,
  orders: T[],
): Promise<Array<T & { residentName: string; residentPhone: string }>> {
  const residents = await residentsSeenByLeader(
    db,
    operatorId,
    orders.map((o) => o.residentId),
  );
  return orders.map((o) => {
    const r = residents.get(o.residentId);
    return { ...o, residentName: r?.name ?? '', residentPhone: r?.phone ?? '' };
  });
}
