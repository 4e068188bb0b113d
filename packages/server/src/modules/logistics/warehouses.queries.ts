import type { Executor } from '../../platform/db/database.ts';

export interface WarehouseAddress {
  id: string;
  name: string;
  address: string;
}

/** Where the operator's warehouses with these ids are, by id (active or not; unknown ids are left out). */
export async function warehousesByIds(
  db: Executor,
  operatorId: string,
  ids: Iterable<string | null>,
): Promise<Map<string, WarehouseAddress>> {
  const wanted = [...new Set([...ids].filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .selectFrom('warehouses')
    .select(['id', 'name', 'address'])
    .where('operator_id', '=', operatorId)
    .where('id', 'in', wanted)
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}
