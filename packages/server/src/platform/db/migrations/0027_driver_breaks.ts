import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

/**
 * Driver breaks: an operator may give every driver a break of `break_minutes` (0: none) starting
 * between `break_from_minutes` and `break_until_minutes` after the plan's departure (a rest after
 * at most four hours at the wheel). Planning places it where it costs least; a route stores when
 * its driver rests.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
alter table delivery_settings add column break_minutes integer not null default 0 check (break_minutes between 0 and 240);
alter table delivery_settings add column break_from_minutes integer not null default 180 check (break_from_minutes between 0 and 1440);
alter table delivery_settings add column break_until_minutes integer not null default 240 check (break_until_minutes between 0 and 1440);
alter table delivery_settings add constraint delivery_settings_break_window check (break_from_minutes <= break_until_minutes);
alter table delivery_routes add column break_at timestamptz;
alter table delivery_routes add column break_minutes integer check (break_minutes > 0);
`,
  );
}
