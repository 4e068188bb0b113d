import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.ts';

export type Database = Kysely<DB>;
export type Tx = Transaction<DB>;
/** Either the database or an open transaction: read helpers accept both. */
export type Executor = Kysely<DB> | Transaction<DB>;

const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;

/**
 * Type parsing shared by both drivers, so code sees the same values on either:
 * bigint columns and sums as numbers (fen amounts stay far below 2^53), dates as 'YYYY-MM-DD'.
 */
const parsers: Record<number, (value: string) => unknown> = {
  [INT8]: (v) => Number(v),
  [NUMERIC]: (v) => Number(v),
  [DATE]: (v) => v,
};

export interface DatabaseOptions {
  /** PostgreSQL connection string; when absent, the embedded PGlite database is used. */
  databaseUrl?: string | undefined;
  /** PGlite data directory; `memory://` keeps it in memory (tests). */
  dataDir?: string | undefined;
  /**
   * PGlite only: the cluster to start from instead of an empty one, a data directory dumped
   * before (`dumpDataDir`). Tests start each database from one migrated once per run.
   */
  template?: Blob | undefined;
  /** Pool size for PostgreSQL. */
  poolSize?: number | undefined;
  /** Called when an idle pooled connection fails. */
  onIdleError?: (err: Error) => void;
}

export interface DatabaseHandle {
  db: Database;
  kind: 'postgres' | 'pglite';
  close(): Promise<void>;
}

/** Opens PostgreSQL when a URL is given, else PGlite in `dataDir`. */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 20,
      types: {
        getTypeParser: ((oid: number, format?: string) =>
          parsers[oid] ?? pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
      },
    });
    // An idle connection the server dropped (restart, failover) is replaced on next use; it must
    // not take the process down.
    pool.on('error', (err) => options.onIdleError?.(err));
    // The checkout statements are short and their best plan does not depend on the values:
    // plan each prepared statement once instead of re-planning it for its first executions.
    pool.on('connect', (client) => {
      client.query('set plan_cache_mode = force_generic_plan').catch((err: Error) => options.onIdleError?.(err));
    });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  const dataDir = options.dataDir ?? './data';
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const lite = new PGlite({ dataDir, parsers, ...(options.template ? { loadDataDir: options.template } : {}) });
  await lite.waitReady;
  const db = new Kysely<DB>({ dialect: new PGliteDialect({ pglite: lite }) });
  return { db, kind: 'pglite', close: () => db.destroy() };
}

const MAX_PREPARED = 2_000;
const statementNames = new Map<string, string>();

/** A stable name per SQL text, for the first MAX_PREPARED distinct texts; undefined after that. */
function statementName(text: string): string | undefined {
  let name = statementNames.get(text);
  if (name === undefined && statementNames.size < MAX_PREPARED) {
    name = `linli_${createHash('sha1').update(text).digest('base64url').slice(0, 16)}`;
    statementNames.set(text, name);
  }
  return name;
}

/**
 * Hands Kysely pooled connections whose parameterised queries run as named prepared statements:
 * PostgreSQL then parses and plans each distinct statement once per connection instead of on
 * every execution, which is most of its CPU on the short checkout queries.
 */
function preparingPool(pool: pg.Pool): pg.Pool {
  const prepared = new WeakSet<pg.PoolClient>();
  const connect = async () => {
    const client = await pool.connect();
    if (!prepared.has(client)) {
      prepared.add(client);
      const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
      (client as { query: unknown }).query = (text: unknown, values?: unknown) => {
        if (typeof text === 'string' && Array.isArray(values) && values.length > 0) {
          const name = statementName(text);
          if (name) return query({ name, text, values });
        }
        return values === undefined ? query(text) : query(text, values);
      };
    }
    return client;
  };
  return new Proxy(pool, {
    get(target, prop, receiver) {
      if (prop === 'connect') return connect;
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
