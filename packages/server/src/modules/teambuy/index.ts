/**
 * Team buy (拼团): a deal sells one campaign line at a team price to teams of a given size within a
 * time limit; a team forms when that many residents have paid and fails (every member refunded,
 * once) when still short at its expiry.
 *
 * The module's public face: other modules, the app and the demo import only this file.
 */
export { teambuyEvents } from './teambuy.events.ts';
export type { TeambuyEvents, TeamFailed, TeamFormed } from './teambuy.events.ts';
export { createTeamDeal, setTeamDealStatus } from './teambuy.deals.ts';
export { joinTeam, openTeam } from './teambuy.service.ts';
export type { TeamOrderPlaced } from './teambuy.service.ts';
export { admitPaidOrder, expireDueTeams, expireTeam } from './teambuy.membership.ts';
export { adminTeamDeal, adminTeamDeals, adminTeams, leaderTeamDeals, myTeamOrders, shopTeam, shopTeamDeals } from './teambuy.queries.ts';
export { setupTeambuy } from './teambuy.setup.ts';
