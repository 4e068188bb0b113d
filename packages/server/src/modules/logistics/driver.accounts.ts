import type { AudienceAccounts } from '../identity/index.ts';

/** Drivers as a login audience: an active driver (own or a carrier's) logs in with their phone. */
export const driverAccounts: AudienceAccounts = {
  withPhone: (db, operatorId, phone) =>
    db.selectFrom('drivers').select(['id', 'active']).where('operator_id', '=', operatorId).where('phone', '=', phone).executeTakeFirst(),
  contact: (db, operatorId, id) =>
    db.selectFrom('drivers').select(['name', 'phone']).where('operator_id', '=', operatorId).where('id', '=', id).executeTakeFirstOrThrow(),
};
