import type { web } from '@linli/contracts';
import type { AppContext } from '../../context.ts';
import { answersLoginCodes, soleOperatorSlug } from '../identity/index.ts';

/**
 * What the web app reads before login: the operator to log in to (configured, else the only one),
 * the map tiles, whether login codes come back in the answer (the dev SMS provider, in development), and
 * whether WeChat login is offered.
 */
export async function publicConfig(ctx: AppContext): Promise<web.PublicConfig> {
  const operator = ctx.config.webOperator || (await soleOperatorSlug(ctx.db));
  return {
    operator,
    mapTileUrl: ctx.config.mapTileUrl ?? null,
    devSms: answersLoginCodes(ctx),
    wechatLogin: ctx.config.wechatLogin !== undefined,
  };
}
