import type { Executor } from '../../platform/db/database.ts';
import type { AudienceAccounts } from '../identity/index.ts';
import type { LeaderView } from './leaders.queries.ts';

/** The operator's leader with this phone, if any: a phone logs in to one leader. */
export async function leaderWithPhone(db: Executor, operatorId: string, phone: string): Promise<LeaderView | undefined> {
  return db
    .selectFrom('leaders')
    .select(['id', 'name', 'phone', 'status', 'level'])
    .where('operator_id', '=', operatorId)
    .where('phone', '=', phone)
    .executeTakeFirst();
}

/** Leaders as a login audience: an active leader logs in with their phone (suspended ones cannot). */
export const leaderAccounts: AudienceAccounts = {
  async withPhone(db, operatorId, phone) {
    const leader = await leaderWithPhone(db, operatorId, phone);
    return leader && { id: leader.id, active: leader.status === 'active' };
  },
  contact: (db, operatorId, id) =>
    db.selectFrom('leaders').select(['name', 'phone']).where('operator_id', '=', operatorId).where('id', '=', id).executeTakeFirstOrThrow(),
};
