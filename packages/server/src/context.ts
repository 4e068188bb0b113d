import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { PaymentProvider } from './modules/payment/index.ts';
import type { AccountDirectory, SmsProvider } from './modules/identity/index.ts';
import type { Clock } from './platform/clock.ts';
import type { Database } from './platform/db/database.ts';
import type { EventDispatcher } from './platform/events.ts';
import type { JobRunner } from './platform/jobs.ts';
import type { SolverPool } from './platform/solver-pool.ts';

/** What every service needs from the running installation; built once at start. */
export interface AppContext {
  db: Database;
  dbKind: 'postgres' | 'pglite';
  clock: Clock;
  config: Config;
  log: Logger;
  /** Generated at first start, kept in the database. */
  secret: string;
  sms: SmsProvider;
  /** The login audiences other modules keep (leaders, drivers, suppliers), for identity's login. */
  accounts: AccountDirectory;
  payments: PaymentProvider;
  events: EventDispatcher;
  jobs: JobRunner;
  /** Route-planning solver runs (worker threads), bounded. */
  solvers: SolverPool;
  /** Redis when REDIS_URL is set (platform/redis.ts), shared by every API process; undefined otherwise. */
  redis: Redis | undefined;
}
