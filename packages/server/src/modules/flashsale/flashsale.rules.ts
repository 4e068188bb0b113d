/**
 * Flash sales (秒杀), pure: a session's state at a time, what an operator may set up, and the
 * gate's decision on one attempt. The Redis gate runs the same decision as a Lua script
 * (flashsale.gate.ts); both are tested against the table in flashsale-rules.test.ts.
 */

export type SessionState = 'upcoming' | 'on' | 'ended';

export interface SessionTimes {
  startsAt: Date;
  endsAt: Date;
  cancelled: boolean;
}

/** Where a session is at `now`: before its start, selling, or over (its end passed, or cancelled). */
export function sessionState(s: SessionTimes, now: Date): SessionState {
  if (s.cancelled || now >= s.endsAt) return 'ended';
  return now < s.startsAt ? 'upcoming' : 'on';
}

/** The longest session: a flash sale is an hour's event, not a campaign. */
export const MAX_SESSION_MS = 24 * 3600_000;

export interface SessionToCreate {
  priceFen: number;
  quantity: number;
  perResidentLimit: number;
  startsAt: Date;
  endsAt: Date;
}

/** What a line offers a session: its group price, the stock it has left (null: unlimited), its campaign's cutoff. */
export interface LineForSession {
  groupPriceFen: number;
  stockLeft: number | null;
  cutoffAt: Date;
}

/** Why a session cannot be set up as asked (field and reason), or null when it can. */
export function sessionProblem(s: SessionToCreate, line: LineForSession, now: Date): { field: string; reason: string } | null {
  if (s.priceFen >= line.groupPriceFen) return { field: 'priceFen', reason: 'a flash-sale price is below the group price' };
  if (s.endsAt <= s.startsAt) return { field: 'endsAt', reason: 'a session ends after it starts' };
  if (s.endsAt.getTime() - s.startsAt.getTime() > MAX_SESSION_MS) return { field: 'endsAt', reason: 'a session lasts at most 24 hours' };
  if (s.endsAt <= now) return { field: 'endsAt', reason: 'a session ends in the future' };
  if (s.endsAt > line.cutoffAt) return { field: 'endsAt', reason: "a session ends by its campaign's cutoff" };
  if (line.stockLeft !== null && s.quantity > line.stockLeft) return { field: 'quantity', reason: `the line has ${line.stockLeft} left` };
  if (s.perResidentLimit > s.quantity) return { field: 'perResidentLimit', reason: 'at most the quantity' };
  return null;
}

/**
 * What the gate holds of a session: units left, units each resident holds, each attempt key's
 * order ('' while it is written), and the orders holding a unit with their residents.
 */
export interface GateState {
  left: number;
  perResident: Map<string, number>;
  keys: Map<string, string>;
  /** Order → resident: a returned order gives its unit back only while it is here, so once. */
  held: Map<string, string>;
}

export type GateAnswer =
  | { kind: 'won' }
  | { kind: 'repeat'; orderId: string }
  | { kind: 'sold_out' }
  | { kind: 'limit_reached' }
  /** The gate does not hold the session (never loaded, or Redis lost it): load it from the orders and ask again. */
  | { kind: 'unloaded' };

/**
 * One attempt at one unit: a key seen before is answered with its order; else a unit is taken when
 * one is left and the resident holds fewer than the limit. Mutates `state` (the gate's own copy).
 */
export function decideAttempt(state: GateState | undefined, residentId: string, key: string, limit: number): GateAnswer {
  if (!state) return { kind: 'unloaded' };
  const earlier = state.keys.get(key);
  if (earlier !== undefined) return { kind: 'repeat', orderId: earlier };
  if (state.left < 1) return { kind: 'sold_out' };
  const mine = state.perResident.get(residentId) ?? 0;
  if (mine >= limit) return { kind: 'limit_reached' };
  state.left -= 1;
  state.perResident.set(residentId, mine + 1);
  state.keys.set(key, '');
  return { kind: 'won' };
}

/** A won attempt's order is written: its key answers with it, and it holds its unit. */
export function settle(state: GateState | undefined, residentId: string, key: string, orderId: string): void {
  if (!state?.keys.has(key)) return;
  state.keys.set(key, orderId);
  state.held.set(orderId, residentId);
}

/**
 * A unit comes back: its order was not written (`orderId` null: the key is forgotten, so the
 * resident may try again), or the order was cancelled, expired or refunded in full (only while the
 * gate holds it: once, and never for an order a reload from the database already left out).
 */
export function giveBack(state: GateState | undefined, residentId: string, key: string | null, orderId: string | null): boolean {
  if (!state) return false;
  if (orderId !== null) {
    if (!state.held.delete(orderId)) return false;
  } else if (key !== null) {
    state.keys.delete(key);
  }
  state.left += 1;
  const mine = state.perResident.get(residentId) ?? 0;
  if (mine <= 1) state.perResident.delete(residentId);
  else state.perResident.set(residentId, mine - 1);
  return true;
}

/** The gate's state of a session from the orders holding its units (the record of truth). */
export function stateFromOrders(quantity: number, orders: ReadonlyArray<{ orderId: string; residentId: string }>): GateState {
  const perResident = new Map<string, number>();
  for (const o of orders) perResident.set(o.residentId, (perResident.get(o.residentId) ?? 0) + 1);
  return { left: quantity - orders.length, perResident, keys: new Map(), held: new Map(orders.map((o) => [o.orderId, o.residentId])) };
}
