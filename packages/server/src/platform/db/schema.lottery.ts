import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from './schema.ts';

/** Table types of the lottery (抽奖, migration 0053, module lottery). */

export type LotteryStatus = 'active' | 'paused' | 'ended';
export type LotteryPrizeKind = 'coupon' | 'points' | 'item' | 'none';
export type LotteryPaidWith = 'points' | 'free_draw' | 'free';

export interface LotteriesTable {
  id: string;
  operator_id: string;
  name: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  /** Points a draw costs; 0: draws are free (within the daily limit). */
  points_per_draw: number;
  /** Free draws each day the resident signed in (within the window) earns; used before points. */
  sign_in_draws: Generated<number>;
  /** Draws per resident per operator-local day; null: no limit. */
  daily_limit: number | null;
  status: Generated<LotteryStatus>;
  odds_version: Generated<number>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** One line of a lottery's odds table. */
export interface LotteryPrizesTable {
  id: string;
  operator_id: string;
  lottery_id: string;
  /** The prize's place in the odds table (the audit walks the table in this order). */
  position: number;
  kind: LotteryPrizeKind;
  title: string;
  /** coupon / item: the promotions module's coupon template it issues from. */
  coupon_template_id: string | null;
  /** points: how many. */
  points: number | null;
  /** Odds in basis points (1/10000); a lottery's weights sum to 10000. */
  weight_bp: number;
  /** null: unlimited. */
  stock: number | null;
  drawn: Generated<number>;
}

export interface LotteryEntrantsTable {
  lottery_id: string;
  resident_id: string;
  operator_id: string;
  free_used: Generated<number>;
  draws: Generated<number>;
}

export interface LotteryDrawsTable {
  id: string;
  operator_id: string;
  lottery_id: string;
  resident_id: string;
  /** The CSPRNG's 32-bit value the prize was picked by. */
  random_value: ColumnType<string | number, number, number>;
  odds_version: number;
  /** What the odds picked. */
  picked_prize_id: string;
  /** What was given: the picked prize, or the 'none' prize when its stock was spent. */
  prize_id: string;
  fell_back: boolean;
  paid_with: LotteryPaidWith;
  points_spent: Generated<number>;
  coupon_id: string | null;
  points_given: Generated<number>;
  shared_by_leader_id: string | null;
  /** The operator-local day of the draw ('YYYY-MM-DD'): the daily limit counts by it. */
  local_day: string;
  at: Timestamp;
}

export interface LotteryTables {
  lotteries: LotteriesTable;
  lottery_prizes: LotteryPrizesTable;
  lottery_entrants: LotteryEntrantsTable;
  lottery_draws: LotteryDrawsTable;
}
