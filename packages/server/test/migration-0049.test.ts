import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../src/platform/db/database.ts';
import { migrateToLatest, migrateUpTo } from '../src/platform/db/migrate.ts';

// 0049 moves each discount's parts per line from `order_discount_lines` onto its
// `order_discounts` row. A database that had discounts before it keeps every part.
let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openDatabase({ dataDir: 'memory://' });
});
afterAll(() => handle.close());

describe('migration 0049', () => {
  it("moves each discount's line parts onto its row, in line order, and drops the line table", async () => {
    const { db } = handle;
    await migrateUpTo(db, '0047_promotions_hot_path_keys');
    // Rows as checkout wrote them before 0049; the keys to orders and lines are not what is tested here.
    await sql`set session_replication_role = replica`.execute(db);
    await sql`
      insert into order_discounts (order_id, promotion_id, operator_id, resident_id, leader_id, coupon_id, amount_fen, status, created_at)
      values ('o1', 'p1', 'op', 'r1', 'l1', null, 100, 'applied', now()),
             ('o1', 'p2', 'op', 'r1', 'l1', null, 50, 'applied', now()),
             ('o2', 'p1', 'op', 'r2', 'l1', null, 30, 'returned', now())`.execute(db);
    await sql`
      insert into order_discount_lines (order_line_id, promotion_id, order_id, operator_id, amount_fen)
      values ('o1-b', 'p1', 'o1', 'op', 40), ('o1-a', 'p1', 'o1', 'op', 60), ('o1-a', 'p2', 'o1', 'op', 50),
             ('o2-a', 'p1', 'o2', 'op', 30)`.execute(db);
    await sql`set session_replication_role = origin`.execute(db);

    expect(await migrateToLatest(db)).toContain('0049_order_discount_parts');

    const { rows } = await sql<{ order_id: string; promotion_id: string; amount_fen: number; lines: unknown }>`
      select order_id, promotion_id, amount_fen, lines from order_discounts order by order_id, promotion_id`.execute(db);
    expect(rows.map((r) => ({ ...r, amount_fen: Number(r.amount_fen) }))).toEqual([
      {
        order_id: 'o1',
        promotion_id: 'p1',
        amount_fen: 100,
        lines: [
          { order_line_id: 'o1-a', amount_fen: 60 },
          { order_line_id: 'o1-b', amount_fen: 40 },
        ],
      },
      { order_id: 'o1', promotion_id: 'p2', amount_fen: 50, lines: [{ order_line_id: 'o1-a', amount_fen: 50 }] },
      { order_id: 'o2', promotion_id: 'p1', amount_fen: 30, lines: [{ order_line_id: 'o2-a', amount_fen: 30 }] },
    ]);
    const { rows: tables } = await sql`select 1 from pg_class where relname in ('order_discount_lines', 'coupons_order')`.execute(db);
    expect(tables).toEqual([]);
  });
});
