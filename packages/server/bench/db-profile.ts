import { sql } from 'kysely';
import type { Database } from '../src/platform/db/database.ts';

/** What the bench database did during a run. */
export interface DatabaseProfile {
  /** Average number of backends in each state, busiest first (0.1 and up). */
  waits: Array<{ state: string; backends: number }>;
  /** Transactions committed, a statement outside a transaction counting as one (the server's, the outbox's, the job runner's). */
  commits: number;
  /** Write-ahead log written meanwhile, by the whole PostgreSQL server (pg_stat_wal). */
  wal: WalWritten;
}

/** Write-ahead log records and bytes (full-page images included). */
export interface WalWritten {
  records: number;
  bytes: number;
}

/**
 * A counter of the write-ahead log the PostgreSQL server writes (pg_stat_wal, PostgreSQL 14 and
 * up; server-wide, so other databases' work counts too): nearly every row, index entry and commit
 * a request writes is a WAL record, so the records per paid order follow the writes without the
 * noise of CPU time on a shared machine.
 */
export function walCounter(db: Database): { stop(): Promise<WalWritten> } {
  const read = async () => {
    await sql`select pg_stat_clear_snapshot()`.execute(db);
    const { rows } = await sql<{
      records: string;
      bytes: string;
    }>`select wal_records as records, wal_bytes as bytes from pg_stat_wal`.execute(db);
    return { records: Number(rows[0]?.records ?? 0), bytes: Number(rows[0]?.bytes ?? 0) };
  };
  const atStart = read();
  return {
    async stop() {
      const [end, start] = [await read(), await atStart];
      return { records: end.records - start.records, bytes: end.bytes - start.bytes };
    },
  };
}

/**
 * Samples pg_stat_activity every `everyMs` so a run can tell row-lock waits (`active Lock:…`)
 * from work inside PostgreSQL (`active CPU`) and from transactions waiting on the API server
 * (`idle in transaction Client:ClientRead`), and counts the commits of the run.
 */
export function databaseSampler(db: Database, databaseName: string, everyMs = 50): { stop(): Promise<DatabaseProfile> } {
  const totals = new Map<string, number>();
  let samples = 0;
  let running = true;
  const commits = async () => {
    // pg_stat_database is a snapshot per transaction: clear it so each reading is fresh.
    await sql`select pg_stat_clear_snapshot()`.execute(db);
    const { rows } = await sql<{ n: string }>`select xact_commit as n from pg_stat_database where datname = ${databaseName}`.execute(db);
    return Number(rows[0]?.n ?? 0);
  };
  const commitsAtStart = commits();
  const wal = walCounter(db);
  const loop = (async () => {
    while (running) {
      const { rows } = await sql<{ state: string; n: string }>`
        select state || ' ' || coalesce(wait_event_type || ':' || wait_event, 'CPU') as state, count(*) as n
        from pg_stat_activity
        where datname = ${databaseName} and pid <> pg_backend_pid() and state <> 'idle'
        group by 1`.execute(db);
      samples++;
      for (const r of rows) totals.set(r.state, (totals.get(r.state) ?? 0) + Number(r.n));
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      const waits = [...totals.entries()]
        .map(([state, n]) => ({ state, backends: Math.round((n / Math.max(1, samples)) * 10) / 10 }))
        .filter((w) => w.backends >= 0.1)
        .sort((a, b) => b.backends - a.backends);
      return { waits, commits: (await commits()) - (await commitsAtStart), wal: await wal.stop() };
    },
  };
}

/** Paid orders whose `order.paid` event has been delivered (the ledger has posted them), and events still undelivered. */
export async function deliveryCounts(db: Database): Promise<{ deliveredOrders: number; undelivered: number }> {
  const { rows } = await sql<{ delivered: string; undelivered: string }>`
    select count(*) filter (where event_type = 'order.paid' and delivered_at is not null) as delivered,
           count(*) filter (where delivered_at is null) as undelivered
    from outbox`.execute(db);
  return { deliveredOrders: Number(rows[0]?.delivered ?? 0), undelivered: Number(rows[0]?.undelivered ?? 0) };
}
