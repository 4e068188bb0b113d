import type { Logger } from 'pino';
import { z } from 'zod';
import type { Clock } from './clock.ts';
import type { Database, Tx } from './db/database.ts';

/**
 * Every event type and the zod schema of its payload, for the compiler. Empty here: the platform
 * knows no module. Each producing module declares its events (`defineEvents`) in its public face;
 * modules/events.ts assembles them into the registry the app runs with and adds them to this
 * interface by declaration merging, so `emit` and `subscribe` know every type and its payload.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging in modules/events.ts
export interface EventSchemas {}

/** A known event type. */
export type EventType = keyof EventSchemas & string;
/** What a producer gives `emit` for an event type: its schema's input. */
export type EventInput<K extends EventType> = z.input<EventSchemas[K]>;
/** What a subscriber of an event type receives: the payload parsed by its schema. */
export type EventPayload<K extends EventType> = z.output<EventSchemas[K]>;

/** Event types and their payload schemas: one module's (`defineEvents`), or all of them (`eventRegistry`). */
export type EventMap = Readonly<Record<string, z.ZodType>>;

/** A module's events, each type named `<aggregate>.<what happened>`, with the schema of its payload. */
export function defineEvents<const M extends Record<string, z.ZodType>>(events: M): M {
  for (const type of Object.keys(events)) {
    if (!/^[a-z_]+\.[a-z_]+$/.test(type)) throw new Error(`event type ${type}: name it <aggregate>.<what happened>`);
  }
  return events;
}

/** The modules' events in one registry; a type declared by two modules is an error. */
export function eventRegistry(...maps: EventMap[]): EventMap {
  const all: Record<string, z.ZodType> = {};
  for (const map of maps) {
    for (const [type, schema] of Object.entries(map)) {
      if (all[type]) throw new Error(`event type ${type} is declared twice`);
      all[type] = schema;
    }
  }
  return all;
}

/** Payload fields many events share. */
export const eventFields = {
  /** A business date, 'YYYY-MM-DD'. */
  date: z.iso.date(),
  /** An instant, ISO 8601 as `Date.toISOString()` writes it. */
  instant: z.iso.datetime({ offset: true }),
  /** An amount in fen (分). */
  fen: z.number().int(),
  /** A quantity of units. */
  quantity: z.number().int().min(0),
};

/** A payload that does not match its event type's schema, or an event type no module declares. */
export class EventPayloadError extends Error {
  readonly eventType: string;
  constructor(eventType: string, problem: string) {
    super(`event ${eventType}: ${problem}`);
    this.name = 'EventPayloadError';
    this.eventType = eventType;
  }
}

/** An event's payload parsed by its type's schema in `registry`; throws EventPayloadError when it does not match. */
export function parseEventPayload(registry: EventMap, type: string, payload: unknown): unknown {
  const schema = registry[type];
  if (!schema) throw new EventPayloadError(type, 'no module declares this event type');
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw new EventPayloadError(type, `the payload does not match its schema:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export interface DomainEvent<K extends EventType = EventType> {
  type: K;
  operatorId: string;
  aggregateId: string;
  payload: EventInput<K>;
}

/** An event as its subscribers get it: the payload parsed by its type's schema. */
export interface DeliveredEvent<K extends EventType = EventType> {
  id: number;
  type: K;
  operatorId: string;
  aggregateId: string;
  payload: EventPayload<K>;
  createdAt: Date;
}

/** An outbox row as a '*' subscriber gets it: any type, the payload as stored. */
export interface StoredEvent {
  id: number;
  type: string;
  operatorId: string;
  aggregateId: string;
  payload: Record<string, unknown>;
  createdAt: Date;
}

/** A subscriber runs after the event's transaction committed, inside the delivery transaction. */
export type Subscriber<K extends EventType = EventType> = (trx: Tx, event: DeliveredEvent<K>) => Promise<void>;

/** One delivered event of any of the types `K`, told apart by `type`. */
export type AnyDeliveredEvent<K extends EventType = EventType> = { [T in K]: DeliveredEvent<T> }[K];

/**
 * A batch subscriber gets, once per delivery batch, every event of its types in the batch, in the
 * order they were written, in the delivery transaction: so it can write for all of them in a few
 * set-based statements instead of a few statements per event.
 */
export type BatchSubscriber<K extends EventType = EventType> = (trx: Tx, events: Array<AnyDeliveredEvent<K>>) => Promise<void>;

/** The registry `emit` checks payloads against, when the check on write is on (tests); null in production. */
let checkedOnWrite: EventMap | null = null;

/**
 * From now on, in this process, every `emit` checks its payload (as the outbox will store it)
 * against its type's schema and throws EventPayloadError on a mismatch or an unknown type. The
 * tests switch it on (createApp's `checkEvents`, set by the test harness); production leaves it
 * off: there the compiler has checked the payloads and subscribers parse what they get. Events
 * written by SQL are not seen here; a test checks the outbox rows of a simulated day instead.
 */
export function checkEventsOnWrite(registry: EventMap | null): void {
  checkedOnWrite = registry;
}

/** Writes an event to the outbox in the caller's transaction: it exists if and only if the change does. */
export async function emit<K extends EventType>(trx: Tx, clock: Clock, event: DomainEvent<K>): Promise<void> {
  const payload = JSON.stringify(event.payload);
  if (checkedOnWrite) parseEventPayload(checkedOnWrite, event.type, JSON.parse(payload));
  await trx
    .insertInto('outbox')
    .values({
      operator_id: event.operatorId,
      event_type: event.type,
      aggregate_id: event.aggregateId,
      payload,
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
  private readonly subscribers = new Map<string, Array<(trx: Tx, event: never) => Promise<void>>>();
  private readonly wildcard: Array<(trx: Tx, event: StoredEvent) => Promise<void>> = [];
  private readonly batchSubscribers: Array<{ types: ReadonlySet<string>; subscriber: (trx: Tx, events: never[]) => Promise<void> }> = [];
  private draining: Promise<number> | null = null;
  private again = false;
  private stopped = false;
  private scheduled: NodeJS.Timeout | null = null;
  private poller: NodeJS.Timeout | null = null;
  private readonly db: Database;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly schemas: EventMap;

  /** `schemas`: every event type's payload schema (modules/events.ts), which subscribers' payloads are parsed by. */
  constructor(db: Database, clock: Clock, log: Logger, schemas: EventMap) {
    this.db = db;
    this.clock = clock;
    this.log = log;
    this.schemas = schemas;
  }

  /**
   * Subscribes to one event type: the subscriber gets the payload parsed by the type's schema. A
   * payload that does not parse fails the delivery like a failing subscriber (retried, its error
   * kept on the outbox row), and the event's other subscribers do not see it either.
   * With '*', subscribes to every type and gets the payload as stored.
   */
  subscribe<K extends EventType>(type: K, subscriber: Subscriber<K>): void;
  subscribe(type: '*', subscriber: (trx: Tx, event: StoredEvent) => Promise<void>): void;
  subscribe(type: string, subscriber: (trx: Tx, event: never) => Promise<void>): void {
    if (type === '*') {
      this.wildcard.push(subscriber as (trx: Tx, event: StoredEvent) => Promise<void>);
      return;
    }
    const list = this.subscribers.get(type) ?? [];
    list.push(subscriber);
    this.subscribers.set(type, list);
  }

  /**
   * Subscribes to several event types at once, batch by batch: the subscriber is called once per
   * delivery batch with that batch's events of those types (payloads parsed as for `subscribe`), in
   * the order they were written; not called when there are none. It runs after the batch's
   * per-event subscribers, in the same transaction, so it must not depend on their writes for the
   * same batch (each module's subscribers own their tables, so it does not). When it fails, the
   * batch is delivered again one event at a time, and it gets each event alone.
   */
  subscribeBatch<const K extends EventType>(types: readonly K[], subscriber: BatchSubscriber<K>): void {
    this.batchSubscribers.push({ types: new Set(types), subscriber: subscriber as (trx: Tx, events: never[]) => Promise<void> });
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
        await this.dispatchAll(trx, rows);
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
          await this.dispatchAll(trx, [row]);
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

  /** Each row to its per-event subscribers in order, then each batch subscriber with its rows. */
  private async dispatchAll(trx: Tx, rows: OutboxRow[]): Promise<void> {
    const batches = this.batchSubscribers.map(() => [] as DeliveredEvent[]);
    for (const row of rows) {
      const event = await this.dispatch(trx, row);
      this.batchSubscribers.forEach((b, i) => {
        if (b.types.has(row.event_type)) batches[i]?.push(event ?? this.parsed(row));
      });
    }
    for (const [i, b] of this.batchSubscribers.entries()) {
      const events = batches[i] ?? [];
      if (events.length > 0) await b.subscriber(trx, events as never[]);
    }
  }

  /** The row to its per-event subscribers; returns the event as they got it (parsed), or null when none had it. */
  private async dispatch(trx: Tx, row: OutboxRow): Promise<DeliveredEvent | null> {
    const subscribers = this.subscribers.get(row.event_type) ?? [];
    let event: DeliveredEvent | null = null;
    if (subscribers.length > 0) {
      event = this.parsed(row);
      for (const sub of subscribers) await sub(trx, event as never);
    }
    for (const sub of this.wildcard) await sub(trx, stored(row));
    return event;
  }

  /** The row as a subscriber gets it: the payload parsed by its type's schema (a type no module declares, a test's own, as stored). */
  private parsed(row: OutboxRow): DeliveredEvent {
    const payload = this.schemas[row.event_type] ? parseEventPayload(this.schemas, row.event_type, row.payload) : row.payload;
    return { ...stored(row), payload } as DeliveredEvent;
  }
}

type OutboxRow = {
  id: number;
  operator_id: string;
  event_type: string;
  aggregate_id: string;
  payload: Record<string, unknown>;
  created_at: Date;
};

function stored(row: OutboxRow): StoredEvent {
  return {
    id: row.id,
    type: row.event_type,
    operatorId: row.operator_id,
    aggregateId: row.aggregate_id,
    payload: row.payload,
    createdAt: row.created_at,
  };
}
