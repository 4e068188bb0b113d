import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';

const cliPath = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

/** The API server running as a child process, as it runs in production. */
export interface ServerProcess {
  baseUrl: string;
  pid: number;
  /** Error-level log lines seen so far (the last few are kept for the report). */
  errors: { count: number; last: string[] };
  /** Whether the child has exited (a crash is reported, not hidden). */
  exited(): boolean;
  stop(): Promise<void>;
}

/** Starts `cli.ts start` on a free loopback port against `databaseUrl` and waits for /health; `env` adds to (or, undefined, removes from) its environment. */
export async function startServer(
  databaseUrl: string,
  poolSize: number,
  env: Record<string, string | undefined> = {},
): Promise<ServerProcess> {
  const port = await freePort();
  const childEnv: Record<string, string | undefined> = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    // A PostgreSQL server means production unless told otherwise; the bench logs in with the dev providers.
    LINLI_ENV: 'development',
    PORT: String(port),
    HOST: '127.0.0.1',
    LINLI_DEMO_SEED: 'false',
    LOG_LEVEL: 'info',
    LINLI_DB_POOL_SIZE: String(poolSize),
    // Every benchmark resident logs in from 127.0.0.1: the login limits would refuse most of them.
    LINLI_RATE_LIMIT_SMS_PER_IP: '1000000/1h',
    LINLI_RATE_LIMIT_SMS_GLOBAL: '1000000/1h',
    LINLI_RATE_LIMIT_LOGIN_PER_IP: '1000000/1h',
    // Node options for the server alone (a CPU profile: `--cpu-prof --cpu-prof-dir=DIR`), not the bench's client.
    NODE_OPTIONS: process.env.LINLI_BENCH_SERVER_NODE_OPTIONS ?? process.env.NODE_OPTIONS,
    ...env,
  };
  for (const [k, v] of Object.entries(childEnv)) if (v === undefined) delete childEnv[k];
  const child = spawn(process.execPath, [cliPath, 'start'], {
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let exitCode: number | null | undefined;
  child.once('exit', (code, signal) => {
    exitCode = code ?? (signal ? -1 : 0);
  });

  // The log is read line by line, never buffered whole.
  const errors = { count: 0, last: [] as string[] };
  const stderrTail: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (line.startsWith('{') && /"level":(50|60)/.test(line)) {
      errors.count++;
      errors.last.push(line.slice(0, 600));
      if (errors.last.length > 5) errors.last.shift();
    }
  });
  createInterface({ input: child.stderr! }).on('line', (line) => {
    stderrTail.push(line);
    if (stderrTail.length > 40) stderrTail.shift();
  });

  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exitCode !== undefined) throw new Error(`the server exited (${exitCode}) during start:\n${stderrTail.join('\n')}`);
    if (Date.now() > deadline) {
      await stopChild(child);
      throw new Error(`the server did not answer /health within 30 s:\n${stderrTail.join('\n')}`);
    }
    const healthy = await fetch(`${baseUrl}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (healthy) break;
    await sleep(100);
  }

  return {
    baseUrl,
    pid: child.pid!,
    errors,
    exited: () => exitCode !== undefined,
    stop: () => stopChild(child),
  };
}

/** SIGTERM, then SIGKILL if the server has not closed within 5 s. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
