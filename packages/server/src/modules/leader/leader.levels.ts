import { sql } from 'kysely';
import type { Executor, Tx } from '../../platform/db/database.ts';
import { notify } from '../../platform/notifications.ts';

/** The operator's active leaders with their level (the period close evaluates each). */
export async function activeLeaderLevels(db: Executor, operatorId: string): Promise<Array<{ id: string; name: string; level: number }>> {
  return db
    .selectFrom('leaders')
    .select(['id', 'name', 'level'])
    .where('operator_id', '=', operatorId)
    .where('status', '=', 'active')
    .orderBy('id')
    .execute();
}

/**
 * Moves leaders to the levels decided at period end (their commission follows the level's rule
 * from the next paid order) and tells each of them, with the reason given.
 */
export async function changeLeaderLevels(
  trx: Tx,
  now: Date,
  operatorId: string,
  changes: ReadonlyArray<{ leaderId: string; level: number; title: string; body: string }>,
): Promise<void> {
  if (changes.length === 0) return;
  await sql`
    update leaders l set level = c.level
    from unnest(${changes.map((c) => c.leaderId)}::text[], ${changes.map((c) => c.level)}::int[]) as c(id, level)
    where l.operator_id = ${operatorId} and l.id = c.id`.execute(trx);
  // A notice per leader, a thousand to a statement (its parameters stay within PostgreSQL's limit).
  for (let i = 0; i < changes.length; i += 1000) {
    await notify(
      trx,
      now,
      operatorId,
      changes.slice(i, i + 1000).map((c) => ({ recipientKind: 'leader' as const, recipientId: c.leaderId, title: c.title, body: c.body })),
    );
  }
}
