import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

/**
 * An operator's own rule for who is behind in training (module training): the days a new leader
 * has to finish the required courses and the lowest acceptable attendance of the recurring
 * sessions, in basis points. Without a row the defaults apply (7 days, 50 %).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
create table training_settings (
  operator_id text primary key,
  required_within_days integer not null check (required_within_days between 1 and 90),
  min_attendance_bp integer not null check (min_attendance_bp between 0 and 10000),
  updated_by text not null,
  updated_at timestamptz not null
);
`,
  );
}
