import type { AudienceAccounts } from '../identity/index.ts';

/** Suppliers as a login audience: an active supplier logs in with their phone to see its purchase orders. */
export const supplierAccounts: AudienceAccounts = {
  withPhone: (db, operatorId, phone) =>
    db.selectFrom('suppliers').select(['id', 'active']).where('operator_id', '=', operatorId).where('phone', '=', phone).executeTakeFirst(),
  contact: (db, operatorId, id) =>
    db
      .selectFrom('suppliers')
      .select(['name', 'phone'])
      .where('operator_id', '=', operatorId)
      .where('id', '=', id)
      .executeTakeFirstOrThrow(),
};
