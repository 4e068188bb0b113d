#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { createApp } from './app.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { runDemoDay } from './demo/day.ts';
import { dayReport } from './demo/day-report.ts';
import { demoWebhookReceiver } from './demo/webhooks.ts';
import { demoWechatPay } from './demo/wechatpay.ts';
import type { Principal } from './modules/identity/index.ts';
import { ManualClock } from './platform/clock.ts';
import { openDatabase } from './platform/db/database.ts';
import { migrateToLatest } from './platform/db/migrate.ts';

const usage = `linli <command>

  start     run the server (seeds the demo city into an empty database)
  demo      simulate a whole day on the demo city with the clock moved forward, then print
            the day report (options: --date YYYY-MM-DD, --orders N, --provider dev|wechatpay:
            pay through the WeChat Pay API v3 double and check its bills); resumable
  migrate   apply database migrations and exit
`;

async function main(argv: string[]): Promise<void> {
  const command = argv[0] ?? 'start';
  const config = loadConfig();
  switch (command) {
    case 'start': {
      const app = await createApp(config);
      const { maybeSeedDemo } = await import('./demo/seed.ts');
      const demo = config.demoSeed ? await maybeSeedDemo(app.ctx) : undefined;
      if (demo) {
        // The demo's two warehouses and vans, so route planning works in the admin from the first start.
        const { ensureFleet } = await import('./demo/fleet.ts');
        const { DEMO_OPERATOR } = await import('./demo/seed.ts');
        const operator = await app.ctx.db
          .selectFrom('operators')
          .select('id')
          .where('slug', '=', DEMO_OPERATOR.slug)
          .executeTakeFirstOrThrow();
        await ensureFleet(app, operator.id, { westWarehouse: true });
      }
      app.startBackground();
      const address = await app.server.listen({ port: config.port, host: config.host });
      const base = address.replace(/0\.0\.0\.0|127\.0\.0\.1|\[::1?\]/, 'localhost');
      const where = config.databaseUrl ? 'PostgreSQL' : `embedded PGlite in ${config.dataDir}`;
      const reach = config.host === '127.0.0.1' ? ' (this machine only; HOST=0.0.0.0 opens it to the network)' : '';
      const lines = [
        `linli is running at ${base} on ${where}, in ${config.env}${reach}`,
        `  screens:   ${base}/shop/  ${base}/leader/  ${base}/driver/  ${base}/supplier/  ${base}/admin/`,
        `  API docs:  ${base}/api/docs  (JSON: ${base}/api/docs/json)`,
        `  health:    ${base}/health`,
      ];
      if (demo) lines.push(...demo.howToLogIn(base));
      process.stdout.write(`\n${lines.join('\n')}\n\n`);
      const stop = async () => {
        await app.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      return;
    }
    case 'demo': {
      await runDemo(config, argv.slice(1));
      return;
    }
    case 'migrate': {
      const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      const applied = await migrateToLatest(handle.db);
      process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
      await handle.close();
      return;
    }
    default:
      process.stdout.write(usage);
      process.exitCode = command === 'help' || command === '--help' ? 0 : 2;
  }
}

/**
 * The simulated day runs on its own database (./data-demo, unless LINLI_DATA_DIR or DATABASE_URL
 * name one), with a clock of its own, so it never mixes with the data of `linli start`.
 */
async function runDemo(config: Config, args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { date: { type: 'string' }, orders: { type: 'string', default: '2000' }, provider: { type: 'string', default: 'dev' } },
  });
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const date = values.date ?? today;
  const orders = Number(values.orders);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !Number.isInteger(orders) || orders < 1 || !['dev', 'wechatpay'].includes(values.provider)) {
    throw new Error('usage: linli demo [--date YYYY-MM-DD] [--orders N] [--provider dev|wechatpay]');
  }
  const onWechat = values.provider === 'wechatpay';
  // The WeChat Pay day has a database of its own: the double's trades live only as long as the run.
  const dataDir = process.env.LINLI_DATA_DIR ? config.dataDir : onWechat ? './data-demo-wechatpay' : './data-demo';
  const clock = new ManualClock(new Date(`${date}T07:00:00+08:00`));
  const wechat = onWechat ? await demoWechatPay(config, clock) : null;
  const demoConfig = { ...(wechat?.config ?? config), dataDir, logLevel: config.logLevel === 'info' ? 'warn' : config.logLevel };
  const app = await createApp(demoConfig, { clock });
  try {
    const out = (line: string) => process.stdout.write(`${line}\n`);
    const where = config.databaseUrl ? 'PostgreSQL' : `PGlite in ${dataDir}`;
    out(`simulating ${date} on ${where} (${orders} orders${wechat ? ', paid through the WeChat Pay API v3 double' : ''})`);
    if (wechat) await wechat.listen(app);
    const pay = wechat ? (resident: Principal, orderId: string) => wechat.pay(app, resident, orderId) : undefined;
    // An integrator's system: a local receiver registered for the orders' paid and refunded events.
    const hook = await demoWebhookReceiver(app);
    try {
      await runDemoDay(app, clock, { date, orders, log: out, ...(pay ? { pay } : {}) });
      await hook?.flush();
    } finally {
      await hook?.close();
    }
    const operator = await app.ctx.db.selectFrom('operators').select('id').where('slug', '=', 'linli-demo').executeTakeFirstOrThrow();
    const pickupDate = new Date(new Date(`${date}T00:00:00Z`).getTime() + 86_400_000).toISOString().slice(0, 10);
    const settle = async () => {
      for (let i = 0; i < 20; i++) if ((await app.ctx.jobs.tick()) + (await app.ctx.events.drain()) === 0) return;
    };
    const payouts = wechat ? await wechat.payouts(app, operator.id, pickupDate, settle) : [];
    out('');
    for (const line of await dayReport(app.ctx, operator.id, date, pickupDate)) out(line);
    for (const line of payouts) out(line);
    if (hook) out(hook.summary());
  } finally {
    await app.close();
    await wechat?.close();
  }
}

main(process.argv.slice(2)).catch((err) => {
  // A configuration the server refuses is the operator's to fix: the reason, not a stack trace.
  if (err instanceof ConfigError) process.stderr.write(`linli: ${err.message}\n`);
  else process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
