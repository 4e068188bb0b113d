import type { AppContext } from '../context.ts';
import type { RouteModule } from '../http/server.ts';
import { campaignRoutes } from './campaign/campaign.routes.ts';
import { setupCampaigns } from './campaign/campaign.lifecycle.ts';
import { catalogRoutes } from './catalog/catalog.routes.ts';
import { staffRoutes } from './identity/staff.routes.ts';
import { leaderRoutes } from './leader/leader.routes.ts';
import { identityRoutes } from './identity/identity.routes.ts';
import { setupOrdering } from './ordering/ordering.lifecycle.ts';
import { orderingRoutes } from './ordering/ordering.routes.ts';
import { paymentRoutes } from './payment/payment.routes.ts';
import { shopRoutes } from './shop/shop.routes.ts';

/** Every module's HTTP routes. */
export const routeModules: RouteModule[] = [
  identityRoutes,
  shopRoutes,
  orderingRoutes,
  paymentRoutes,
  staffRoutes,
  catalogRoutes,
  campaignRoutes,
  leaderRoutes,
];

/** Every module's job handlers, sweeps and event subscribers. */
export const setupModules: Array<(ctx: AppContext) => void> = [setupOrdering, setupCampaigns];
