import type { Generated } from 'kysely';
import type { Timestamp } from './schema.ts';

/** Table types of team buy (migration 0052, module teambuy). */

export type TeamDealStatus = 'active' | 'paused' | 'ended';
export type TeamState = 'open' | 'formed' | 'failed';
export type TeamOrderState = 'pending' | 'member' | 'refunded' | 'cancelled';
export type ExtraPayerPolicy = 'new_team' | 'refund';
export type TeamHistoryKind =
  | 'opened'
  | 'joined'
  | 'formed'
  | 'filled'
  | 'failed'
  | 'member_refunded'
  | 'order_cancelled'
  | 'moved_out'
  | 'refused';

/** A team buy on one campaign line: size, time limit, team price and its rules. */
export interface TeamDealsTable {
  id: string;
  operator_id: string;
  campaign_id: string;
  campaign_line_id: string;
  title: string;
  team_size: number;
  time_limit_minutes: number;
  team_price_fen: number;
  opener_newcomer_only: Generated<boolean>;
  /** 模拟成团: the operator fills a short team's slots at expiry (off by default; reports show it). */
  operator_may_fill: Generated<boolean>;
  extra_payer_policy: Generated<ExtraPayerPolicy>;
  /** The deal's own promotion (trigger 'play'): its price reaches checkout as that promotion's discount. */
  promotion_id: string;
  status: Generated<TeamDealStatus>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TeamsTable {
  id: string;
  operator_id: string;
  deal_id: string;
  opener_id: string;
  state: Generated<TeamState>;
  size: number;
  member_count: Generated<number>;
  filled_count: Generated<number>;
  opened_at: Timestamp;
  /** The earlier of opened_at + the deal's time limit and the campaign's cutoff. */
  expires_at: Timestamp;
  formed_at: Timestamp | null;
  failed_at: Timestamp | null;
}

/** A play order of a deal: the team it asked for (null: a new one) and what became of it once paid. */
export interface TeamOrdersTable {
  order_id: string;
  operator_id: string;
  deal_id: string;
  resident_id: string;
  wanted_team_id: string | null;
  state: Generated<TeamOrderState>;
  team_id: string | null;
  /** The leader whose share link the resident came by (attribution). */
  shared_by_leader_id: string | null;
  note: string | null;
  created_at: Timestamp;
  decided_at: Timestamp | null;
}

export interface TeamMembersTable {
  id: string;
  operator_id: string;
  team_id: string;
  resident_id: string | null;
  order_id: string | null;
  is_opener: Generated<boolean>;
  simulated: Generated<boolean>;
  newcomer: Generated<boolean>;
  joined_at: Timestamp;
  refunded_fen: Generated<number>;
  refunded_at: Timestamp | null;
}

export interface TeamHistoryTable {
  id: string;
  operator_id: string;
  team_id: string;
  at: Timestamp;
  kind: TeamHistoryKind;
  resident_id: string | null;
  order_id: string | null;
  amount_fen: number | null;
  note: string | null;
}

export interface TeamBuyTables {
  team_deals: TeamDealsTable;
  teams: TeamsTable;
  team_orders: TeamOrdersTable;
  team_members: TeamMembersTable;
  team_history: TeamHistoryTable;
}
