import pino, { type Logger } from 'pino';
import { type Config, assertSafeToServe } from './config.ts';
import type { AppContext } from './context.ts';
import { type Server, buildServer } from './http/server.ts';
import { eventSchemas } from './modules/events.ts';
import { routeModules, setupModules } from './modules/index.ts';
import { supplierAccounts } from './modules/catalog/index.ts';
import { createSmsProvider } from './modules/identity/index.ts';
import { leaderAccounts } from './modules/leader/index.ts';
import { driverAccounts } from './modules/logistics/index.ts';
import { createPaymentProvider } from './modules/payment/index.ts';
import { type Clock, systemClock } from './platform/clock.ts';
import { openDatabase } from './platform/db/database.ts';
import { migrateToLatest } from './platform/db/migrate.ts';
import { EventDispatcher, checkEventsOnWrite } from './platform/events.ts';
import { JobRunner } from './platform/jobs.ts';
import { openRedis } from './platform/redis.ts';
import { loadInstallationSecret } from './platform/secret.ts';
import { SolverPool } from './platform/solver-pool.ts';

export interface App {
  ctx: AppContext;
  server: Server;
  /** Starts the background work: polling due jobs, sweeps and the outbox. */
  startBackground(): void;
  close(): Promise<void>;
}

export interface AppOptions {
  clock?: Clock;
  logger?: Logger;
  /** Tests on PGlite: start the database from this dumped, migrated cluster (openDatabase's `template`). */
  databaseTemplate?: Blob;
  /**
   * Tests: from now on every `emit` in this process checks its payload against its event type's
   * schema and throws on a mismatch. Off in production, where it would cost every write.
   */
  checkEvents?: boolean;
}

/** Opens the database, applies migrations, wires modules and builds the HTTP server. */
export async function createApp(config: Config, options: AppOptions = {}): Promise<App> {
  assertSafeToServe(config);
  const log = options.logger ?? pino({ level: config.logLevel });
  const clock = options.clock ?? systemClock;
  const handle = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    template: options.databaseTemplate,
    poolSize: config.dbPoolSize,
    onIdleError: (err) => log.warn({ err }, 'idle database connection lost'),
  });
  const redis = config.redisUrl ? openRedis(config.redisUrl, log) : undefined;
  try {
    const applied = await migrateToLatest(handle.db);
    if (applied.length > 0) log.info({ migrations: applied }, 'migrations applied');
    const secret = await loadInstallationSecret(handle.db);
    if (options.checkEvents) checkEventsOnWrite(eventSchemas);
    const events = new EventDispatcher(handle.db, clock, log, eventSchemas);
    const jobs = new JobRunner(handle.db, clock, log);
    const ctx: AppContext = {
      db: handle.db,
      dbKind: handle.kind,
      clock,
      config,
      log,
      secret,
      sms: createSmsProvider(config, handle.db, clock, log),
      accounts: { leader: leaderAccounts, driver: driverAccounts, supplier: supplierAccounts },
      payments: createPaymentProvider(config, secret, clock),
      events,
      jobs,
      solvers: new SolverPool(config.solverThreads, config.solverQueue),
      redis,
    };
    for (const setup of setupModules) setup(ctx);
    const server = await buildServer(ctx, routeModules);
    await server.ready();
    return {
      ctx,
      server,
      startBackground() {
        jobs.start(config.jobPollMs);
        events.start(config.jobPollMs);
      },
      async close() {
        await server.close();
        await jobs.stop();
        await events.stop();
        await redis?.quit().catch(() => undefined);
        await handle.close();
      },
    };
  } catch (err) {
    redis?.disconnect();
    await handle.close();
    throw err;
  }
}
