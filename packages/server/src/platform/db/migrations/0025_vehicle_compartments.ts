import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

/**
 * A vehicle type has compartments: of its volume, `chilled_volume_l` is kept chilled and
 * `frozen_volume_l` frozen, the rest is ambient (a refrigerated truck with a freezer box in front).
 * `temperature_class` stays, as the coldest compartment, so readers of one class keep working; the
 * last check keeps it in step with the compartments on every write. A vehicle type of one class
 * had that class for its whole volume, and so gets one compartment of that whole volume.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
alter table vehicle_types add column chilled_volume_l integer not null default 0 check (chilled_volume_l >= 0);
alter table vehicle_types add column frozen_volume_l integer not null default 0 check (frozen_volume_l >= 0);
update vehicle_types set frozen_volume_l = capacity_volume_l where temperature_class = 'frozen';
update vehicle_types set chilled_volume_l = capacity_volume_l where temperature_class = 'chilled';
alter table vehicle_types add constraint vehicle_types_compartments_fit
  check (chilled_volume_l + frozen_volume_l <= capacity_volume_l);
alter table vehicle_types add constraint vehicle_types_coldest_compartment
  check (temperature_class = case when frozen_volume_l > 0 then 'frozen' when chilled_volume_l > 0 then 'chilled' else 'ambient' end);
`,
  );
}
