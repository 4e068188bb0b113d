import { type RawBuilder, sql } from 'kysely';

/**
 * The operator's leaders with their level (`id`, `level`): a SQL fragment for a statement that
 * must stay one, such as the ledger's posting of every paid order (its commission is rated by the
 * leader's level).
 */
export function leaderLevels(operatorId: string): RawBuilder<{ id: string; level: number }> {
  return sql`select id, level from leaders where operator_id = ${operatorId}`;
}
