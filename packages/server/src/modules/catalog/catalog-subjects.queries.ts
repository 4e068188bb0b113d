import type { Executor } from '../../platform/db/database.ts';

/** Whether the operator has a product (or a category) with this id: what a commission rule may name. */
export async function hasCatalogSubject(db: Executor, operatorId: string, kind: 'product' | 'category', id: string): Promise<boolean> {
  const query =
    kind === 'product'
      ? db.selectFrom('products').select('id').where('id', '=', id).where('operator_id', '=', operatorId)
      : db.selectFrom('categories').select('id').where('id', '=', id).where('operator_id', '=', operatorId);
  return (await query.executeTakeFirst()) !== undefined;
}
