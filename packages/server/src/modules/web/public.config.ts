import type { web } from '@linli/contracts';
import type { AppContext } from '../../context.ts';
import { answersLoginCodes } from '../identity/index.ts';

/**
 * What the web app reads before login: the operator to log in to (configured, else the only one),
 * the map tiles, and whether login codes come back in the answer (the dev SMS provider, in development).
 */
export async function publicConfig(ctx: AppContext): Promise<web.PublicConfig> {
  let operator = ctx.config.webOperator ?? null;
  if (!operator) {
    const rows = await ctx.db.selectFrom('operators').select('slug').orderBy('slug').limit(2).execute();
    operator = rows.length === 1 ? (rows[0]?.slug ?? null) : null;
  }
  return { operator, mapTileUrl: ctx.config.mapTileUrl ?? null, devSms: answersLoginCodes(ctx) };
}
