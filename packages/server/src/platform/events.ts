import type { Logger } from 'pino';
import type { Clock } from './clock.ts';
import type { Database, Tx } from './db/database.ts';

export interface DomainEvent {
  type: string;
  operatorId: string;
  aggregateId: string;
  payload: Record<string, unknown>;
}

export interface DeliveredEvent extends DomainEvent {
  id: number;
  createdAt: Date;
}

/** A subscriber runs after the event's transaction committed, inside the delivery transaction. */
export type Subscriber = (trx: Tx, event: DeliveredEvent) => Promise<void>;

/** Writes an event to the outbox in the caller's transaction: it exists if and only if the change does. */
export async function emit(trx: Tx, clock: Clock, event: DomainEvent): Promise<void> {
  await trx
    .insertInto('outbox')
    .values({
      operator_id: event.operatorId,
      event_type: event.type,
      aggregate_id: event.aggregateId,
      payload: JSON.stringify(event.payload),
      created_at: clock.now(),
    })
    .execute();
}

const MAX_ATTEMPTS = 10;
const BATCH = 200;
const KICK_DELAY_MS = 100;

/**
 * Delivers outbox rows to in-process subscribers after commit. A batch is delivered in one
 * transaction (subscribers' writes and the "delivered" mark commit together); when a subscriber
 * fails, the batch is retried one event at a time so one bad event cannot hold up the rest.
 */
export class EventDispatcher {
  private readonly subscribers = new Map<string, Subscriber[]>();
  private draining: Promise<number> | null = null;
  private again = false;
  private stopped = false;
  private scheduled: NodeJS.Timeout | null = null;
  private poller: NodeJS.Timeout | null = null;
  private readonly db: Database;
  private readonly clock: Clock;
  private readonly log: Logger;

  constructor(db: Database, clock: Clock, log: Logger) {
    this.db = db;
    this.clock = clock;
    this.log = log;
  }

  /** Subscribes to one event type, or to every type with '*'. */
  subscribe(type: string, subscriber: Subscriber): void {
    const list = this.subscribers.get(type) ?? [];
    list.push(subscriber);
    this.subscribers.set(type, list);
  }

  /**
   * Asks for a delivery soon. Kicks within KICK_DELAY_MS (100 ms) are folded into one delivery, so a busy
   * checkout delivers its events in batches instead of one transaction per order.
   */
  kick(): void {
    if (this.stopped || this.scheduled) return;
    this.scheduled = setTimeout(() => {
      this.scheduled = null;
      void this.drain().catch((err) => this.log.error({ err }, 'outbox delivery failed'));
    }, KICK_DELAY_MS);
  }

  /**
   * Polls the outbox every `intervalMs`, so events written where nobody kicks (jobs, subscribers,
   * another process) are delivered within one interval, with no other traffic.
   */
  start(intervalMs: number): void {
    if (this.stopped || this.poller) return;
    this.poller = setInterval(() => this.kick(), intervalMs);
    this.poller.unref();
    this.kick();
  }

  /** Stops delivering (shutdown); waits for the batch in progress, not for the whole backlog. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.poller) clearInterval(this.poller);
    this.poller = null;
    if (this.scheduled) clearTimeout(this.scheduled);
    this.scheduled = null;
    if (this.draining) await this.draining.catch(() => 0);
  }

  /** Delivers everything pending now; resolves with the number of events delivered. */
  async drain(): Promise<number> {
    if (this.draining) {
      this.again = true;
      return this.draining;
    }
    this.draining = (async () => {
      let total = 0;
      do {
        this.again = false;
        for (;;) {
          const n = await this.deliverBatch();
          total += n;
          // Stopping waits for this batch only: what is left stays in the outbox for the next start.
          if (n < BATCH || this.stopped) break;
        }
      } while (this.again && !this.stopped);
      return total;
    })();
    try {
      return await this.draining;
    } finally {
      this.draining = null;
    }
  }

  private async deliverBatch(): Promise<number> {
    try {
      return await this.db.transaction().execute(async (trx) => {
        const rows = await this.lockPending(trx, BATCH);
        for (const row of rows) await this.dispatch(trx, row);
        await this.markDelivered(
          trx,
          rows.map((r) => r.id),
        );
        return rows.length;
      });
    } catch {
      return this.deliverOneByOne();
    }
  }

  private async deliverOneByOne(): Promise<number> {
    let delivered = 0;
    const ids = await this.db
      .selectFrom('outbox')
      .select('id')
      .where('delivered_at', 'is', null)
      .where('attempts', '<', MAX_ATTEMPTS)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    for (const { id } of ids) {
      try {
        await this.db.transaction().execute(async (trx) => {
          const row = await trx
            .selectFrom('outbox')
            .selectAll()
            .where('id', '=', id)
            .where('delivered_at', 'is', null)
            .forUpdate()
            .skipLocked()
            .executeTakeFirst();
          if (!row) return;
          await this.dispatch(trx, row);
          await this.markDelivered(trx, [row.id]);
        });
        delivered++;
      } catch (err) {
        this.log.error({ err, outboxId: id }, 'event subscriber failed');
        await this.db
          .updateTable('outbox')
          .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: String(err) }))
          .where('id', '=', id)
          .execute();
      }
    }
    return delivered;
  }

  private lockPending(trx: Tx, limit: number) {
    return trx
      .selectFrom('outbox')
      .selectAll()
      .where('delivered_at', 'is', null)
      .where('attempts', '<', MAX_ATTEMPTS)
      .orderBy('id')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
  }

  private async markDelivered(trx: Tx, ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    await trx.updateTable('outbox').set({ delivered_at: this.clock.now() }).where('id', 'in', ids).execute();
  }

  private async dispatch(
    trx: Tx,
    row: { id: number; operator_id: string; event_type: string; aggregate_id: string; payload: Record<string, unknown>; created_at: Date },
  ): Promise<void> {
    const event: DeliveredEvent = {
      id: row.id,
      type: row.event_type,
      operatorId: row.operator_id,
      aggregateId: row.aggregate_id,
      payload: row.payload,
      createdAt: row.created_at,
    };
    for (const sub of [...(this.subscribers.get(event.type) ?? []), ...(this.subscribers.get('*') ?? [])]) {
      await sub(trx, event);
    }
  }
}
