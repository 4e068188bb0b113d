import type { Redis } from 'ioredis';
import { decideAttempt, type GateAnswer, type GateState, giveBack, settle } from './flashsale.rules.ts';

/**
 * The gate that decides each flash-sale attempt before anything is written: units left, units per
 * resident and each attempt's key, held where a crowd's requests can be answered in well under a
 * millisecond. Sold-out answers never reach PostgreSQL. The winners' orders in PostgreSQL are the
 * record of truth: checkout re-checks the session's total and per-resident limits (its promotion's)
 * in its one statement, so a gate that lost its data can never oversell; it is reloaded from them.
 *
 * - `redis` (REDIS_URL set): one Lua script per attempt, atomic across every API process.
 * - `memory` (the embedded database, one process): the same decision in process.
 * - `database` (PostgreSQL without Redis): no gate of its own; checkout's statement decides, a
 *   sold-out session is answered from the promotion's count. The reference the benchmark compares with.
 */
export interface FlashGate {
  readonly kind: 'redis' | 'memory' | 'database';
  attempt(saleId: string, residentId: string, key: string, limit: number): Promise<GateAnswer>;
  /** The won attempt's order is written: a retry with its key is answered with it, and it holds its unit. */
  settle(saleId: string, residentId: string, key: string, orderId: string): Promise<void>;
  /** A unit comes back: its order was not written (`orderId` null, the key forgotten), or it was cancelled, expired or refunded (while the gate holds it). */
  giveBack(saleId: string, residentId: string, key: string | null, orderId: string | null): Promise<void>;
  /** Loads the session from its orders when the gate holds none; true when this call loaded it. */
  load(saleId: string, counts: GateCounts, ttlSeconds: number): Promise<boolean>;
  /** The session's counts as the gate holds them; null when it holds none. */
  read(saleId: string): Promise<GateCounts | null>;
  /** Replaces the session's counts and held orders with the orders' (a repair). */
  replace(saleId: string, counts: GateCounts, ttlSeconds: number): Promise<void>;
  close(): Promise<void>;
}

/** A session's counts: units left, each resident's units, and the orders holding them (order → resident). */
export interface GateCounts {
  left: number;
  perResident: Map<string, number>;
  orders: Map<string, string>;
}

/** The same decisions in process: the embedded database has one process. */
export class MemoryGate implements FlashGate {
  readonly kind = 'memory' as const;
  private readonly sessions = new Map<string, GateState>();

  async attempt(saleId: string, residentId: string, key: string, limit: number): Promise<GateAnswer> {
    return decideAttempt(this.sessions.get(saleId), residentId, key, limit);
  }
  async settle(saleId: string, residentId: string, key: string, orderId: string): Promise<void> {
    settle(this.sessions.get(saleId), residentId, key, orderId);
  }
  async giveBack(saleId: string, residentId: string, key: string | null, orderId: string | null): Promise<void> {
    giveBack(this.sessions.get(saleId), residentId, key, orderId);
  }
  async load(saleId: string, counts: GateCounts): Promise<boolean> {
    if (this.sessions.has(saleId)) return false;
    this.sessions.set(saleId, {
      left: counts.left,
      perResident: new Map(counts.perResident),
      keys: new Map(),
      held: new Map(counts.orders),
    });
    return true;
  }
  async read(saleId: string): Promise<GateCounts | null> {
    const s = this.sessions.get(saleId);
    return s ? { left: s.left, perResident: new Map(s.perResident), orders: new Map(s.held) } : null;
  }
  async replace(saleId: string, counts: GateCounts): Promise<void> {
    const keys = this.sessions.get(saleId)?.keys ?? new Map<string, string>();
    this.sessions.set(saleId, { left: counts.left, perResident: new Map(counts.perResident), keys, held: new Map(counts.orders) });
  }
  /** Forgets every session, as a restart would (tests). */
  forgetAll(): void {
    this.sessions.clear();
  }
  async close(): Promise<void> {}
}

/** No gate: checkout's statement decides (PostgreSQL without Redis, several processes). */
export class DatabaseGate implements FlashGate {
  readonly kind = 'database' as const;
  async attempt(): Promise<GateAnswer> {
    return { kind: 'won' };
  }
  async settle(): Promise<void> {}
  async giveBack(): Promise<void> {}
  async load(): Promise<boolean> {
    return false;
  }
  async read(): Promise<GateCounts | null> {
    return null;
  }
  async replace(): Promise<void> {}
  async close(): Promise<void> {}
}

// The Lua scripts run the decisions of flashsale.rules.ts (decideAttempt, settle, giveBack) atomically in Redis.
// KEYS: left (string), per (hash resident → units), keys (hash attempt key → order id, '' while written), held (hash order → resident).
const ATTEMPT = `
local k = redis.call('HGET', KEYS[3], ARGV[2])
if k then return {'repeat', k} end
local left = redis.call('GET', KEYS[1])
if not left then return {'unloaded', ''} end
if tonumber(left) < 1 then return {'sold_out', ''} end
local mine = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
if mine >= tonumber(ARGV[3]) then return {'limit_reached', ''} end
redis.call('DECR', KEYS[1])
redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
redis.call('HSET', KEYS[3], ARGV[2], '')
if redis.call('TTL', KEYS[3]) < 0 then redis.call('EXPIRE', KEYS[3], redis.call('TTL', KEYS[1])) end
return {'won', ''}`;
// KEYS: keys, held, left. ARGV: key, order, resident.
const SETTLE = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
if redis.call('TTL', KEYS[2]) < 0 then redis.call('EXPIRE', KEYS[2], redis.call('TTL', KEYS[3])) end
return 1`;
// KEYS: left, per, keys, held. ARGV: resident, key or '', order or ''.
const GIVE_BACK = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if ARGV[3] ~= '' then
  if redis.call('HDEL', KEYS[4], ARGV[3]) == 0 then return 0 end
elseif ARGV[2] ~= '' then
  redis.call('HDEL', KEYS[3], ARGV[2])
end
redis.call('INCR', KEYS[1])
if redis.call('HINCRBY', KEYS[2], ARGV[1], -1) <= 0 then redis.call('HDEL', KEYS[2], ARGV[1]) end
return 1`;
// KEYS: left, per, held. ARGV: left, ttl seconds, 'nx' or 'replace', then order, resident pairs.
const LOAD = `
if ARGV[3] == 'nx' then
  if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[2]) then return 0 end
else
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
end
redis.call('DEL', KEYS[2], KEYS[3])
for i = 4, #ARGV, 2 do
  redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 1])
  redis.call('HINCRBY', KEYS[2], ARGV[i + 1], 1)
end
redis.call('EXPIRE', KEYS[2], ARGV[2])
redis.call('EXPIRE', KEYS[3], ARGV[2])
return 1`;

type Scripted = Redis & {
  flashAttempt(left: string, per: string, keys: string, resident: string, key: string, limit: number): Promise<[string, string]>;
  flashSettle(keys: string, held: string, left: string, key: string, orderId: string, resident: string): Promise<number>;
  flashGiveBack(left: string, per: string, keys: string, held: string, resident: string, key: string, orderId: string): Promise<number>;
  flashLoad(left: string, per: string, held: string, ...args: Array<string | number>): Promise<number>;
};

/** The gate in Redis (the installation's connection): every API process shares it; each decision is one script call (EVALSHA). */
export class RedisGate implements FlashGate {
  readonly kind = 'redis' as const;
  private readonly redis: Scripted;

  constructor(redis: Redis) {
    redis.defineCommand('flashAttempt', { numberOfKeys: 3, lua: ATTEMPT });
    redis.defineCommand('flashSettle', { numberOfKeys: 3, lua: SETTLE });
    redis.defineCommand('flashGiveBack', { numberOfKeys: 4, lua: GIVE_BACK });
    redis.defineCommand('flashLoad', { numberOfKeys: 3, lua: LOAD });
    this.redis = redis as Scripted;
  }

  /** The session's keys, with one hash tag so a Redis cluster keeps them on one node. */
  private keys(saleId: string) {
    const p = `linli:flash:{${saleId}}:`;
    return { left: `${p}left`, per: `${p}per`, keys: `${p}keys`, held: `${p}held` };
  }

  async attempt(saleId: string, residentId: string, key: string, limit: number): Promise<GateAnswer> {
    const k = this.keys(saleId);
    const [kind, orderId] = await this.redis.flashAttempt(k.left, k.per, k.keys, residentId, key, limit);
    if (kind === 'repeat') return { kind, orderId };
    if (kind === 'won' || kind === 'sold_out' || kind === 'limit_reached' || kind === 'unloaded') return { kind };
    throw new Error(`flash gate: unexpected answer ${kind}`);
  }
  async settle(saleId: string, residentId: string, key: string, orderId: string): Promise<void> {
    const k = this.keys(saleId);
    await this.redis.flashSettle(k.keys, k.held, k.left, key, orderId, residentId);
  }
  async giveBack(saleId: string, residentId: string, key: string | null, orderId: string | null): Promise<void> {
    const k = this.keys(saleId);
    await this.redis.flashGiveBack(k.left, k.per, k.keys, k.held, residentId, key ?? '', orderId ?? '');
  }
  async load(saleId: string, counts: GateCounts, ttlSeconds: number): Promise<boolean> {
    return (await this.write(saleId, counts, ttlSeconds, 'nx')) === 1;
  }
  async replace(saleId: string, counts: GateCounts, ttlSeconds: number): Promise<void> {
    await this.write(saleId, counts, ttlSeconds, 'replace');
  }
  private write(saleId: string, counts: GateCounts, ttlSeconds: number, mode: 'nx' | 'replace') {
    const k = this.keys(saleId);
    const pairs = [...counts.orders].flat();
    return this.redis.flashLoad(k.left, k.per, k.held, counts.left, Math.max(1, Math.ceil(ttlSeconds)), mode, ...pairs);
  }
  async read(saleId: string): Promise<GateCounts | null> {
    const k = this.keys(saleId);
    const [left, per, held] = await Promise.all([this.redis.get(k.left), this.redis.hgetall(k.per), this.redis.hgetall(k.held)]);
    if (left === null) return null;
    return {
      left: Number(left),
      perResident: new Map(Object.entries(per).map(([r, n]) => [r, Number(n)])),
      orders: new Map(Object.entries(held)),
    };
  }
  /** Drops the session's keys, as a Redis that lost its data would (tests, the benchmark). */
  async forget(saleId: string): Promise<void> {
    const k = this.keys(saleId);
    await this.redis.del(k.left, k.per, k.keys, k.held);
  }
  /** The connection is the installation's: the app closes it. */
  async close(): Promise<void> {}
}
