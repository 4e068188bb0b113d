/**
 * The server side of the cutoff benchmark, run as its own process so its peak memory is its own:
 * opens the app on the bench database with a clock standing at the cutoff, lets the campaign close,
 * and runs the cutoff steps until the purchase orders and pick lists are written. Prints one JSON line.
 */
import pino from 'pino';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { cutoffSteps } from '../src/modules/procurement/cutoff.pipeline.ts';
import { ManualClock, MINUTE } from '../src/platform/clock.ts';

const [databaseUrl, cutoffIso] = process.argv.slice(2);
if (!databaseUrl || !cutoffIso) throw new Error('usage: cutoff-worker.ts <databaseUrl> <cutoffAt>');
const clock = new ManualClock(cutoffIso);
const config = { ...loadConfig({ LOG_LEVEL: 'silent', LINLI_DEMO_SEED: 'false', LINLI_ENV: 'development' }), databaseUrl, dbPoolSize: 4 };
// Each step's own time, for the report.
const stepMs: Record<string, number> = {};
for (const name of Object.keys(cutoffSteps) as Array<keyof typeof cutoffSteps>) {
  const step = cutoffSteps[name];
  cutoffSteps[name] = async (...args) => {
    const start = performance.now();
    try {
      return await step(...args);
    } finally {
      stepMs[name] = (stepMs[name] ?? 0) + performance.now() - start;
    }
  };
}
const app = await createApp(config, { clock, logger: pino({ level: 'silent' }) });
const idleRssMb = process.memoryUsage().rss / 1024 / 1024;
const started = performance.now();
await app.ctx.jobs.tick(); // the campaign closes at its cutoff
await app.ctx.events.drain(); // `campaign.closed` schedules the cutoff a minute later
const closedMs = performance.now() - started;
clock.advance(MINUTE + 1000);
const stepsStarted = performance.now();
await app.ctx.jobs.tick(); // deciding → aggregating → procuring, one job each
await app.ctx.events.drain();
const stepsMs = performance.now() - stepsStarted;
const totalMs = performance.now() - started;
await app.close();
process.stdout.write(
  `${JSON.stringify({ closedMs, stepsMs, totalMs, idleRssMb, maxRssMb: process.resourceUsage().maxRSS / 1024, stepMs })}\n`,
);
