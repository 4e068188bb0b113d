import type { Executor } from '../../platform/db/database.ts';
import type { TemperatureClass } from '../../platform/db/schema.ts';

/** How a unit of a SKU travels: what it weighs, the room it takes and how cold its product keeps. */
export interface SkuHandling {
  weightG: number;
  volumeMl: number;
  temperatureClass: TemperatureClass;
}

/** How the operator's SKUs among `skuIds` travel, by id (other operators' or unknown ids are absent). */
export async function skuHandling(db: Executor, operatorId: string, skuIds: Iterable<string>): Promise<Map<string, SkuHandling>> {
  const wanted = [...new Set(skuIds)];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .selectFrom('skus')
    .innerJoin('products', 'products.id', 'skus.product_id')
    .select(['skus.id', 'skus.weight_g as weightG', 'skus.volume_ml as volumeMl', 'products.temperature_class as temperatureClass'])
    .where('skus.operator_id', '=', operatorId)
    .where('skus.id', 'in', wanted)
    .execute();
  return new Map(rows.map(({ id, ...handling }) => [id, handling]));
}
