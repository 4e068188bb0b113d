import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Clock } from './clock.ts';
import type { Database, Tx } from './db/database.ts';
import { newId } from './ids.ts';

export type JobHandler = (trx: Tx, payload: Record<string, unknown>, job: { id: string; operatorId: string | null }) => Promise<void>;

/** Work that is driven by rows already in the database (e.g. unpaid orders past their expiry). */
export type Sweep = { name: string; run: () => Promise<number> };

/**
 * How long a sweep's claim on a row lasts (a provider call in progress): past it, another process
 * may ask the provider again, with the same idempotency key.
 */
export const SWEEP_CLAIM_MS = 2 * 60_000;

/** The wait before the next try of a row whose provider call failed or is still processing: 2 s, 4 s, 8 s … up to an hour. */
export function sweepBackoffMs(attempts: number): number {
  return Math.min(60 * 60_000, 1000 * 2 ** Math.max(1, Math.min(attempts, 22)));
}

export interface ScheduleJob {
  kind: string;
  runAt: Date;
  operatorId?: string | null;
  payload?: Record<string, unknown>;
  /** One pending job per key: scheduling again moves it instead of adding another. */
  dedupeKey?: string;
}

const MAX_ATTEMPTS = 8;
const KICK_DELAY_MS = 50;

/** Schedules a durable job in the caller's transaction. */
export async function scheduleJob(trx: Tx, clock: Clock, job: ScheduleJob): Promise<void> {
  const values = {
    id: newId('job'),
    operator_id: job.operatorId ?? null,
    kind: job.kind,
    run_at: job.runAt,
    payload: JSON.stringify(job.payload ?? {}),
    dedupe_key: job.dedupeKey ?? null,
    status: 'pending' as const,
    created_at: clock.now(),
  };
  if (!job.dedupeKey) {
    await trx.insertInto('jobs').values(values).execute();
    return;
  }
  await trx
    .insertInto('jobs')
    .values(values)
    .onConflict((oc) =>
      oc.column('dedupe_key').doUpdateSet({
        run_at: job.runAt,
        payload: values.payload,
        status: 'pending',
        attempts: 0,
        last_error: null,
        finished_at: null,
      }),
    )
    .execute();
}

/** Cancels a pending job by its key (e.g. a campaign's cutoff when it is cancelled). */
export async function cancelJob(trx: Tx, clock: Clock, dedupeKey: string): Promise<void> {
  await trx
    .updateTable('jobs')
    .set({ status: 'done', finished_at: clock.now(), last_error: 'cancelled' })
    .where('dedupe_key', '=', dedupeKey)
    .where('status', '=', 'pending')
    .execute();
}

/**
 * Runs due jobs from the jobs table, each in its own transaction, claimed with
 * FOR UPDATE SKIP LOCKED so several server processes can share the work. A failing job is
 * retried with backoff, then marked failed. Jobs survive restarts because they are rows.
 */
export class JobRunner {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly sweeps: Sweep[] = [];
  private timer: NodeJS.Timeout | null = null;
  private kicked: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private readonly db: Database;
  private readonly clock: Clock;
  private readonly log: Logger;

  constructor(db: Database, clock: Clock, log: Logger) {
    this.db = db;
    this.clock = clock;
    this.log = log;
  }

  register(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler);
  }

  addSweep(sweep: Sweep): void {
    this.sweeps.push(sweep);
  }

  /** Runs every due job and sweep once; returns how many jobs ran. */
  async tick(): Promise<number> {
    if (this.running) await this.running;
    let ran = 0;
    const work = (async () => {
      ran = await this.runDueJobs();
      for (const sweep of this.sweeps) {
        try {
          const n = await sweep.run();
          if (n > 0) this.log.info({ sweep: sweep.name, count: n }, 'sweep done');
        } catch (err) {
          this.log.error({ err, sweep: sweep.name }, 'sweep failed');
        }
      }
    })();
    this.running = work;
    try {
      await work;
    } finally {
      this.running = null;
    }
    return ran;
  }

  /**
   * Asks for a tick soon, outside the caller's request (e.g. a refund was recorded: the refund
   * sweep sends it). Does nothing until `start`: tests and the demo tick themselves.
   */
  kick(): void {
    if (!this.timer || this.kicked) return;
    this.kicked = setTimeout(() => {
      this.kicked = null;
      if (this.timer) void this.tick().catch((err) => this.log.error({ err }, 'job tick failed'));
    }, KICK_DELAY_MS);
    this.kicked.unref();
  }

  start(intervalMs: number): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (!this.running) void this.tick().catch((err) => this.log.error({ err }, 'job tick failed'));
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.kicked) clearTimeout(this.kicked);
    this.kicked = null;
    if (this.running) await this.running;
  }

  private async runDueJobs(): Promise<number> {
    let ran = 0;
    for (;;) {
      const outcome = await this.runOne();
      if (outcome === 'none') return ran;
      ran++;
    }
  }

  private async runOne(): Promise<'ran' | 'failed' | 'none'> {
    const now = this.clock.now();
    let claimed: { id: string; kind: string; attempts: number } | undefined;
    try {
      return await this.db.transaction().execute(async (trx) => {
        const job = await trx
          .selectFrom('jobs')
          .selectAll()
          // A literal, not a parameter: the partial index jobs_due serves only a plan that knows the status.
          .where('status', '=', sql.lit('pending'))
          .where('run_at', '<=', now)
          .orderBy('run_at')
          .limit(1)
          .forUpdate()
          .skipLocked()
          .executeTakeFirst();
        if (!job) return 'none';
        claimed = job;
        const handler = this.handlers.get(job.kind);
        if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
        await handler(trx, job.payload, { id: job.id, operatorId: job.operator_id });
        await trx
          .updateTable('jobs')
          .set({ status: 'done', finished_at: this.clock.now(), attempts: job.attempts + 1 })
          .where('id', '=', job.id)
          .execute();
        return 'ran';
      });
    } catch (err) {
      if (!claimed) throw err;
      const attempts = claimed.attempts + 1;
      const failed = attempts >= MAX_ATTEMPTS;
      this.log.error({ err, jobId: claimed.id, kind: claimed.kind, attempts }, 'job failed');
      await this.db
        .updateTable('jobs')
        .set({
          attempts,
          last_error: err instanceof Error ? err.message : String(err),
          status: failed ? 'failed' : 'pending',
          run_at: sql<Date>`${now}::timestamptz + ${`${2 ** attempts} seconds`}::interval`,
          finished_at: failed ? now : null,
        })
        .where('id', '=', claimed.id)
        .execute();
      return 'failed';
    }
  }
}
