import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * The installation's Redis connection when REDIS_URL is set: shared state every API process
 * sees at once (flash-sale gates, resolved resident sessions). Commands issued in the same tick
 * go out as one pipeline. A lost connection is retried; a command fails after two retries.
 */
export function openRedis(url: string, log: Logger): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: 2, enableAutoPipelining: true });
  redis.on('error', (err) => log.warn({ err }, 'Redis connection error'));
  return redis;
}
