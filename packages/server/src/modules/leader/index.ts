/**
 * Leaders (团长) and their pickup points.
 *
 * The module's public face: other modules, the app and the demo import only this file.
 */
export {
  closePickupPointsOfLeader,
  createLeader,
  createPickupPoint,
  existingLeaderIds,
  setPickupPointStatus,
  suspendLeaderIn,
} from './leader.service.ts';
export { activeLeaderLevels, changeLeaderLevels } from './leader.levels.ts';
export { leaderLevelOf, leadersByIds } from './leaders.queries.ts';
export type { LeaderView } from './leaders.queries.ts';
export { pickupPointIdsOfLeader, pickupPointsByIds, pickupPointsOf } from './pickup-points.queries.ts';
export type { PickupPointView } from './pickup-points.queries.ts';
export { leaderAccounts, leaderWithPhone } from './leader.accounts.ts';
export { pickupPointsNear, residentPickupPoint, residentsPickupPoints } from './resident-points.queries.ts';
export type { ResidentPickupPoint } from './resident-points.queries.ts';
