import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

/**
 * Road distances for route planning: each operator chooses where distances and driving times come
 * from — the built-in estimate (straight line × detour factor at an average speed), an OSRM server,
 * or AMap's web service with the operator's key. The estimate's factor and speed also fill the
 * legs a map service finds no road for. Coordinates stay WGS-84 in the database; AMap's GCJ-02 is
 * made when it is called.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
create table map_settings (
  operator_id text primary key references operators(id),
  provider text not null default 'estimate' check (provider in ('estimate', 'osrm', 'amap')),
  osrm_url text,
  amap_key text,
  amap_url text,
  detour_factor numeric not null default 1.3 check (detour_factor between 1 and 3),
  speed_kmh numeric not null default 30 check (speed_kmh between 5 and 120),
  updated_at timestamptz not null,
  check (provider <> 'osrm' or osrm_url is not null),
  check (provider <> 'amap' or amap_key is not null)
);
`,
  );
}
