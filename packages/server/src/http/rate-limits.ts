import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { Redis } from 'ioredis';
import type { RateRule } from '../config.ts';
import type { AppContext } from '../context.ts';
import { AppError } from '../platform/errors.ts';
import { databaseRateLimitStore } from '../platform/rate-limit-store.ts';
import { principalOf } from './auth.ts';
import type { Server } from './server.ts';

/** Whose requests a limit counts together. */
type Subject = 'ip' | 'person' | 'everyone';

interface Limit {
  name: string;
  rule: RateRule;
  per: Subject;
  /** Says what was limited, in the error message. */
  what: string;
}

/** Excel workbooks, exports and printable HTML: rendering them costs far more than a JSON read. */
const EXPORT_PATH = /^\/api\/.*(\.xlsx|\.html|\/export)$/;

/**
 * The limits of a route, in the order they are checked (a request refused by the first is not
 * counted by the next). Routes not named here have none: the checkout path pays nothing.
 */
export function limitsOf(methods: string[], url: string, limits: AppContext['config']['rateLimits']): Limit[] {
  const post = methods.includes('POST');
  const get = methods.includes('GET') || methods.includes('HEAD');
  if (post && url === '/api/v1/auth/sms-codes') {
    return [
      { name: 'sms-ip', rule: limits.smsCodesPerIp, per: 'ip', what: 'login codes from this network' },
      { name: 'sms-all', rule: limits.smsCodesGlobal, per: 'everyone', what: 'login codes sent by linli' },
    ];
  }
  if (post && (url === '/api/v1/auth/sessions' || url.startsWith('/api/v1/auth/wechat/'))) {
    return [{ name: 'login-ip', rule: limits.loginsPerIp, per: 'ip', what: 'login attempts from this network' }];
  }
  if (post && url === '/api/v1/admin/route-plans') {
    return [{ name: 'route-plans', rule: limits.routePlans, per: 'person', what: 'route planning runs' }];
  }
  if (get && EXPORT_PATH.test(url)) return [{ name: 'exports', rule: limits.exports, per: 'person', what: 'exports and labels' }];
  return [];
}

/**
 * Registers @fastify/rate-limit (not globally) with a store every process shares: Redis when
 * REDIS_URL is set, else the database's `rate_limits` table; then gives each route of `limitsOf`
 * its limits as onRequest hooks, which answer 429 RATE_LIMITED with Retry-After. If the store
 * cannot be reached the request goes through and a warning is logged: a limiter outage must not
 * stop logins. Call before the routes are added.
 */
export async function installRateLimits(app: Server, ctx: AppContext): Promise<void> {
  let redis: Redis | undefined;
  if (ctx.config.redisUrl) {
    redis = new Redis(ctx.config.redisUrl, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    redis.on('error', (err) => ctx.log.warn({ err }, 'rate-limit Redis connection error'));
    await redis.connect();
    const connection = redis;
    app.addHook('onClose', async () => {
      await connection.quit();
    });
  }
  await app.register(rateLimit, {
    global: false,
    ...(redis ? { redis, nameSpace: 'linli:rate-limit:' } : { store: databaseRateLimitStore(ctx.db, ctx.log) }),
  });

  const subjectOf = async (req: FastifyRequest, per: Subject): Promise<string> => {
    if (per === 'everyone') return 'all';
    if (per === 'ip') return normalizeIP(req.ip);
    const p = await principalOf(ctx, req);
    return `${p.kind}:${p.id}`;
  };
  const hookFor = (limit: Limit): onRequestAsyncHookHandler => {
    const check = app.createRateLimit({
      max: limit.rule.max,
      timeWindow: limit.rule.windowMs,
      keyGenerator: async (req) => `${limit.name}:${await subjectOf(req, limit.per)}`,
    });
    return async (req) => {
      // Who is asking is settled first: a stranger gets 401, not a limiter warning.
      if (limit.per === 'person') await principalOf(ctx, req);
      let verdict: Awaited<ReturnType<typeof check>>;
      try {
        verdict = await check(req);
      } catch (err) {
        req.log.warn({ err, limit: limit.name }, 'rate-limit store unreachable: request let through');
        return;
      }
      if (verdict.isAllowed || !verdict.isExceeded) return;
      const retryAfterSeconds = Math.max(1, verdict.ttlInSeconds);
      throw new AppError('RATE_LIMITED', `too many ${limit.what}; try again in ${retryAfterSeconds} s`, {
        retryAfterSeconds,
        limit: limit.name,
      });
    };
  };

  app.addHook('onRoute', (route) => {
    const methods = ([] as string[]).concat(route.method);
    const hooks = limitsOf(methods, route.url, ctx.config.rateLimits).map(hookFor);
    if (hooks.length === 0) return;
    const own = route.onRequest ? ([] as onRequestAsyncHookHandler[]).concat(route.onRequest as onRequestAsyncHookHandler) : [];
    route.onRequest = [...own, ...hooks];
  });
}
