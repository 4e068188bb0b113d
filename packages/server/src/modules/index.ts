import type { AppContext } from '../context.ts';
import type { RouteModule } from '../http/server.ts';
import { identityRoutes } from './identity/identity.routes.ts';

/** Every module's HTTP routes. */
export const routeModules: RouteModule[] = [identityRoutes];

/** Every module's job handlers, sweeps and event subscribers. */
export const setupModules: Array<(ctx: AppContext) => void> = [];
