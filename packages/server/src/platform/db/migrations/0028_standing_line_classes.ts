import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

/**
 * A standing line holds a point's goods of one temperature class, or all of them: a point whose
 * frozen goods ride the freezer truck and the rest a van is on both lines, each for its class.
 * `goods_class` null: all the point's goods (every row before this migration).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
alter table standing_line_points drop constraint standing_line_points_pkey;
alter table standing_line_points add column goods_class text check (goods_class in ('ambient', 'chilled', 'frozen'));
create unique index standing_line_points_point_class on standing_line_points (operator_id, pickup_point_id, coalesce(goods_class, '*'));
`,
  );
}
