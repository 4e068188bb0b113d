import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

/**
 * A pickup point may take deliveries only within hours of the day (a leader's shop opens at 7:00):
 * route planning serves it no earlier than `delivery_from` and no later than `delivery_until`,
 * operator time, besides the plan's own departure and deadline. Null: no limit of its own.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
alter table pickup_points add column delivery_from text check (delivery_from ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$');
alter table pickup_points add column delivery_until text check (delivery_until ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$');
alter table pickup_points add constraint pickup_points_delivery_window
  check (delivery_from is null or delivery_until is null or delivery_from < delivery_until);
`,
  );
}
