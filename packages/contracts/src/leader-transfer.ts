import { z } from 'zod';
import { Fen, Id, Latitude, Longitude, PageQuery, Timestamp, pageOf } from './common.ts';

/**
 * Leader transfer: a leader removed by staff (or leaving at their own request) hands their
 * members to the nearest good leaders' pickup points; staff see the proposal, may change a
 * point's target, and confirm it.
 */

export const TransferReason = z
  .enum(['removal', 'leaving'])
  .describe('removal: staff remove the leader; leaving: the leader asked to leave');
export const TransferStatus = z
  .enum(['proposed', 'confirmed', 'completed', 'cancelled'])
  .describe(
    'proposed: targets shown, nothing moved; confirmed: members moved, points closed, the leader winds down; completed: the leader suspended',
  );
export const TransferWaiting = z
  .enum(['open_orders', 'pending_commission', 'available_commission'])
  .describe('what a confirmed transfer still waits for before the leader is suspended');

export const StartTransfer = z.strictObject({
  leaderId: Id,
  reason: TransferReason.default('removal'),
  note: z.string().trim().max(500).default(''),
});

export const SetTransferTarget = z.strictObject({ toPointId: Id.describe('an open pickup point of another active leader') });
export const TransferPointParams = z.strictObject({ id: Id, pointId: Id });

export const TransferListQuery = PageQuery.extend({
  status: TransferStatus.optional(),
  leaderId: Id.optional(),
});

export const TransferPointBrief = z.object({
  id: Id,
  name: z.string(),
  address: z.string(),
  lat: Latitude,
  lng: Longitude,
  status: z.enum(['open', 'closed']),
  leaderId: Id,
  leaderName: z.string(),
  leaderLevel: z.number().int(),
});

export const TransferCandidate = z.object({ point: TransferPointBrief, distanceMeters: z.number().int() });

export const TransferPoint = z.object({
  from: TransferPointBrief,
  members: z.number().int().describe('residents bound to the point (now, or moved when confirmed)'),
  proposed: TransferPointBrief.nullable().describe("the rule's choice; null: no good point near enough"),
  to: TransferPointBrief.nullable().describe('where the members go (the proposal unless staff changed it)'),
  distanceMeters: z.number().int().nullable(),
  candidates: z.array(TransferCandidate).describe('the good points ranked best first (while proposed)'),
});

export const TransferCommission = z.object({
  pendingFen: Fen.describe('commission held for the after-sales window, net of claw-backs'),
  pendingOrders: z.number().int(),
  availableFen: Fen.describe("the leader's available commission (negative: clawed back after release)"),
  withdrawingFen: Fen,
});

export const LeaderTransfer = z.object({
  id: Id,
  leaderId: Id,
  leaderName: z.string(),
  leaderStatus: z.enum(['active', 'suspended']),
  reason: TransferReason,
  note: z.string(),
  status: TransferStatus,
  requestedBy: z.enum(['staff', 'leader']),
  createdAt: Timestamp,
  confirmedAt: Timestamp.nullable(),
  completedAt: Timestamp.nullable(),
  cancelledAt: Timestamp.nullable(),
  membersMoved: z.number().int(),
  withdrawalId: Id.nullable().describe('the withdrawal of the available commission asked at completion'),
  waitingFor: z.array(TransferWaiting),
  openOrders: z.number().int().describe('orders at the old points not yet handed out: delivered and picked up there'),
  commission: TransferCommission,
  points: z.array(TransferPoint),
});

export const TransferSummary = z.object({
  id: Id,
  leaderId: Id,
  leaderName: z.string(),
  reason: TransferReason,
  status: TransferStatus,
  requestedBy: z.enum(['staff', 'leader']),
  createdAt: Timestamp,
  confirmedAt: Timestamp.nullable(),
  completedAt: Timestamp.nullable(),
  points: z.number().int(),
  members: z.number().int(),
  membersMoved: z.number().int(),
  waitingFor: z.array(TransferWaiting),
});
export const TransferPage = pageOf(TransferSummary);

/** A leader's own request to leave. */
export const RequestLeave = z.strictObject({ note: z.string().trim().max(500).default('') });
export const MyLeave = z.object({
  transfer: z
    .object({ id: Id, status: TransferStatus, reason: TransferReason, createdAt: Timestamp, confirmedAt: Timestamp.nullable() })
    .nullable()
    .describe('the open (or last) transfer of the leader; null: none'),
});
