import { existsSync, readdirSync, readFileSync } from 'node:fs';

export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles of latencies in milliseconds, rounded to 0.1 ms. */
export function summarise(values: number[]): LatencySummary {
  const sorted = Float64Array.from(values).sort();
  const at = (p: number) => (sorted.length ? round1(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] as number) : 0);
  return { count: sorted.length, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: at(1) };
}

export function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

/** Where the machine's CPU went during a run, in cores (1.0 = one core busy all the time). */
export interface CpuSplit {
  server: number;
  postgresBench: number;
  postgresOther: number;
  client: number;
  machineBusy: number;
  cores: number;
  /** How long the sample lasted. */
  seconds: number;
}

interface CpuSnapshot {
  at: number;
  server: number;
  postgresBench: Map<number, number>;
  postgresOther: Map<number, number>;
  client: number;
  machineBusy: number;
}

const TICKS_PER_SECOND = 100;

/**
 * Samples /proc (Linux only) so a run can say how the two cores were shared between the API
 * server, the PostgreSQL backends of the bench database, other PostgreSQL work, and this client.
 */
export function cpuSampler(serverPid: number, databaseName: string): { stop(): CpuSplit } | undefined {
  if (!existsSync('/proc/stat')) return undefined;
  const take = (): CpuSnapshot => {
    const postgresBench = new Map<number, number>();
    const postgresOther = new Map<number, number>();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const pid = Number(entry);
      const ticks = processTicks(pid, 'postgres');
      if (ticks === undefined) continue;
      const title = readOr(`/proc/${pid}/cmdline`).replaceAll('\0', ' ');
      (title.includes(` ${databaseName} `) ? postgresBench : postgresOther).set(pid, ticks);
    }
    const usage = process.cpuUsage();
    return {
      at: performance.now(),
      server: processTicks(serverPid) ?? 0,
      postgresBench,
      postgresOther,
      client: (usage.user + usage.system) / 1e6,
      machineBusy: machineBusyTicks(),
    };
  };
  const start = take();
  return {
    stop() {
      const end = take();
      const seconds = (end.at - start.at) / 1000;
      const perSecond = (ticks: number) => round2(ticks / TICKS_PER_SECOND / seconds);
      const mapDelta = (a: Map<number, number>, b: Map<number, number>) => {
        let sum = 0;
        for (const [pid, ticks] of b) sum += ticks - (a.get(pid) ?? 0);
        return sum;
      };
      return {
        server: perSecond(end.server - start.server),
        postgresBench: perSecond(mapDelta(start.postgresBench, end.postgresBench)),
        postgresOther: perSecond(mapDelta(start.postgresOther, end.postgresOther)),
        client: round2((end.client - start.client) / seconds),
        machineBusy: perSecond(end.machineBusy - start.machineBusy),
        cores: cpuCount(),
        seconds: Math.round(seconds * 100) / 100,
      };
    },
  };
}

/** utime + stime of a process in clock ticks, or undefined when gone (or not named `comm`). */
function processTicks(pid: number, comm?: string): number | undefined {
  const stat = readOr(`/proc/${pid}/stat`);
  const close = stat.lastIndexOf(')');
  if (close < 0) return undefined;
  if (comm !== undefined && stat.slice(stat.indexOf('(') + 1, close) !== comm) return undefined;
  const fields = stat
    .slice(close + 2)
    .split(' ')
    .map(Number);
  return (fields[11] ?? 0) + (fields[12] ?? 0);
}

function machineBusyTicks(): number {
  const line = readOr('/proc/stat').split('\n')[0] ?? '';
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = line.split(/\s+/).slice(1).map(Number);
  return user + nice + system + irq + softirq + steal;
}

function cpuCount(): number {
  return readOr('/proc/stat')
    .split('\n')
    .filter((l) => /^cpu\d/.test(l)).length;
}

function readOr(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
