/**
 * An in-process linli server for the browser journeys: the real app (packages/server) on a fresh
 * in-memory PGlite database with the demo city seeded, serving the built web app
 * (packages/web/dist) on a free local port, with a clock the test moves.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { type App, createApp } from '../../server/src/app.ts';
import { loadConfig } from '../../server/src/config.ts';
import { ensureFleet } from '../../server/src/demo/fleet.ts';
import { DEMO_OPERATOR, maybeSeedDemo } from '../../server/src/demo/seed.ts';
import { ManualClock } from '../../server/src/platform/clock.ts';
import { DB_TEMPLATE_ENV } from '../../server/test/test-databases.ts';

export const webDist = join(import.meta.dirname, '..', 'dist');

export interface E2eServer {
  app: App;
  ctx: App['ctx'];
  clock: ManualClock;
  /** http://127.0.0.1:<port> */
  url: string;
  operatorId: string;
  /** Runs due jobs and delivers events until nothing is left (after the clock moved). */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export interface E2eServerOptions {
  /** The server's "now" at start (default: the real now, rounded down to the minute). */
  start?: Date;
  /** Port to listen on (default: a free one). */
  port?: number;
  /** Seed the demo's warehouse and vehicles too (route planning needs them). */
  fleet?: boolean;
  logLevel?: string;
  /** The built web app to serve (default packages/web/dist). */
  webDir?: string;
  /** More configuration, as environment variables (a payment provider, say). */
  env?: Record<string, string>;
}

export async function startE2eServer(options: E2eServerOptions = {}): Promise<E2eServer> {
  const start = options.start ?? new Date(Math.floor(Date.now() / 60_000) * 60_000);
  const clock = new ManualClock(start);
  const level = options.logLevel ?? process.env.E2E_LOG_LEVEL ?? 'silent';
  const config = {
    ...loadConfig({ LOG_LEVEL: 'silent', LINLI_ENV: 'development', LINLI_WEB_DIR: options.webDir ?? webDist, ...options.env }),
    dataDir: 'memory://',
    dbPoolSize: 10,
    // Due jobs (cutoff, payment expiry, settlement) run soon after the test moves the clock.
    jobPollMs: 200,
  };
  const template = process.env[DB_TEMPLATE_ENV];
  const app = await createApp(config, {
    clock,
    logger: pino({ level }),
    ...(template ? { databaseTemplate: new Blob([readFileSync(template)]) } : {}),
  });
  try {
    const seeded = await maybeSeedDemo(app.ctx);
    if (!seeded) throw new Error('the demo city was not seeded');
    const operator = await app.ctx.db.selectFrom('operators').select('id').where('slug', '=', DEMO_OPERATOR.slug).executeTakeFirstOrThrow();
    if (options.fleet !== false) await ensureFleet(app, operator.id);
    app.startBackground();
    const address = await app.server.listen({ port: options.port ?? 0, host: '127.0.0.1' });
    const settle = async () => {
      for (let i = 0; i < 30; i++) {
        const ran = await app.ctx.jobs.tick();
        const delivered = await app.ctx.events.drain();
        if (ran === 0 && delivered === 0) return;
      }
    };
    return { app, ctx: app.ctx, clock, url: address, operatorId: operator.id, settle, close: () => app.close() };
  } catch (err) {
    await app.close();
    throw err;
  }
}
