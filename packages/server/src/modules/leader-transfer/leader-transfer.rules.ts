/**
 * Where a leaving leader's members go: pure rules, tested as a table
 * (test/leader-transfer-rules.test.ts).
 */

/** A pickup point a member could move to, with what the rule weighs. */
export interface Candidate {
  pointId: string;
  leaderId: string;
  lat: number;
  lng: number;
  /** Open to new orders. */
  open: boolean;
  leaderActive: boolean;
  leaderLevel: number;
}

export interface TargetRules {
  /** Distances within the same band count as equally near; the higher level wins inside a band. */
  bandMeters: number;
  /** Farther than this is no proposal: staff choose by hand. */
  maxMeters: number;
}

export const DEFAULT_TARGET_RULES: TargetRules = { bandMeters: 1_000, maxMeters: 5_000 };

const EARTH_RADIUS_M = 6_371_000;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in whole metres (haversine), as `pickupPointsNear` computes it in SQL. */
export function haversineMeters(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const h = Math.sin(rad(b.lat - a.lat) / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(b.lng - a.lng) / 2) ** 2;
  return Math.round(2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h))));
}

/** Why a candidate cannot take members (undefined: it can). */
export function ineligibility(
  c: Candidate,
  leavingLeaderId: string,
  excludedLeaderIds: ReadonlySet<string>,
): 'closed' | 'leader_inactive' | 'same_leader' | 'excluded' | undefined {
  if (c.leaderId === leavingLeaderId) return 'same_leader';
  if (!c.open) return 'closed';
  if (!c.leaderActive) return 'leader_inactive';
  if (excludedLeaderIds.has(c.leaderId)) return 'excluded';
  return undefined;
}

export interface RankedCandidate {
  pointId: string;
  leaderId: string;
  distanceMeters: number;
  band: number;
  leaderLevel: number;
}

/**
 * The good points for a leaving leader's point, best first: open points of other active leaders
 * not excluded (`excludedLeaderIds`: e.g. leaders on probation), within `maxMeters`; ranked by
 * distance band (nearest band first), then the leader's level (higher first), then distance, then
 * id, so the order is total and the same on every run.
 */
export function rankTargets(
  from: { lat: number; lng: number },
  leavingLeaderId: string,
  candidates: readonly Candidate[],
  excludedLeaderIds: ReadonlySet<string> = new Set(),
  rules: TargetRules = DEFAULT_TARGET_RULES,
): RankedCandidate[] {
  return candidates
    .filter((c) => ineligibility(c, leavingLeaderId, excludedLeaderIds) === undefined)
    .map((c) => {
      const distanceMeters = haversineMeters(from, c);
      return {
        pointId: c.pointId,
        leaderId: c.leaderId,
        distanceMeters,
        band: Math.floor(distanceMeters / rules.bandMeters),
        leaderLevel: c.leaderLevel,
      };
    })
    .filter((c) => c.distanceMeters <= rules.maxMeters)
    .sort(
      (a, b) =>
        a.band - b.band ||
        b.leaderLevel - a.leaderLevel ||
        a.distanceMeters - b.distanceMeters ||
        (a.pointId < b.pointId ? -1 : a.pointId > b.pointId ? 1 : 0),
    );
}

/** The proposed target of a point: the best ranked, or none. */
export function proposeTarget(
  from: { lat: number; lng: number },
  leavingLeaderId: string,
  candidates: readonly Candidate[],
  excludedLeaderIds: ReadonlySet<string> = new Set(),
  rules: TargetRules = DEFAULT_TARGET_RULES,
): RankedCandidate | undefined {
  return rankTargets(from, leavingLeaderId, candidates, excludedLeaderIds, rules)[0];
}

/** What a confirmed transfer still waits for before the leader is suspended; empty: complete it now. */
export type Waiting = 'open_orders' | 'pending_commission' | 'available_commission';

/**
 * A removal completes when the orders placed at the old points are all handed out (or disposed
 * of), no commission is pending (it is released after the after-sales window, never early: a
 * claim then would be clawed back from a leader who is gone), and no available commission is left
 * on the leader's account (the completion asks a withdrawal of it; a negative balance is the
 * operator's to recover and does not hold the removal).
 */
export function waitingFor(s: { openOrders: number; pendingFen: number; pendingOrders: number; availableFen: number }): Waiting[] {
  const out: Waiting[] = [];
  if (s.openOrders > 0) out.push('open_orders');
  if (s.pendingOrders > 0 || s.pendingFen > 0) out.push('pending_commission');
  if (s.availableFen > 0) out.push('available_commission');
  return out;
}
