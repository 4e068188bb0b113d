import type { Model, Stop } from '../model.ts';

export interface CvrplibInstance {
  name: string;
  model: Model;
}

export interface CvrplibSolution {
  /** Each route as model stop ids, in visiting order. */
  routes: string[][];
  cost: number;
}

/**
 * Reads a CVRPLIB/TSPLIB `.vrp` file with EUC_2D coordinates. `round` applies TSPLIB's
 * nearest-integer rounding to every edge (X, A, B, P); CMT and Golden use exact distances.
 * DISTANCE becomes the maximum route duration and SERVICE_TIME each stop's service time,
 * with travel time equal to distance, so both count toward that limit as the sets intend.
 * Stop ids are the file's node numbers. The fleet is unlimited unless `vehicles` is given
 * (the classic A, B and P sets fix it to the k of the instance name).
 */
export function readVrp(text: string, options: { round?: boolean; vehicles?: number } = {}): CvrplibInstance {
  const header = new Map<string, string>();
  const coords = new Map<number, [number, number]>();
  const demands = new Map<number, number>();
  const depots: number[] = [];
  let section = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line === 'EOF') continue;
    if (/^[A-Z_]+_SECTION$/.test(line)) {
      section = line;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon > 0 && /^[A-Z_ ]+$/.test(line.slice(0, colon).trim())) {
      header.set(
        line.slice(0, colon).trim(),
        line
          .slice(colon + 1)
          .trim()
          .replace(/^"|"$/g, ''),
      );
      section = '';
      continue;
    }
    const fields = line.split(/\s+/).map(Number);
    if (section === 'NODE_COORD_SECTION') coords.set(fields[0]!, [fields[1]!, fields[2]!]);
    else if (section === 'DEMAND_SECTION') demands.set(fields[0]!, fields[1]!);
    else if (section === 'DEPOT_SECTION' && fields[0]! > 0) depots.push(fields[0]!);
  }
  const weightType = header.get('EDGE_WEIGHT_TYPE');
  if (weightType !== 'EUC_2D') throw new Error(`unsupported EDGE_WEIGHT_TYPE ${weightType}`);
  const capacity = Number(header.get('CAPACITY'));
  const maxDuration = header.has('DISTANCE') ? Number(header.get('DISTANCE')) : undefined;
  const serviceTime = header.has('SERVICE_TIME') ? Number(header.get('SERVICE_TIME')) : undefined;
  const depot = depots[0] ?? 1;
  const position = (node: number) => {
    const c = coords.get(node);
    if (!c) throw new Error(`node ${node} has no coordinates`);
    return { x: c[0], y: c[1] };
  };
  const stops: Stop[] = [...coords.keys()]
    .filter((node) => node !== depot)
    .sort((a, b) => a - b)
    .map((node) => ({ id: String(node), position: position(node), demand: [demands.get(node) ?? 0], serviceTime }));
  return {
    name: header.get('NAME') ?? '',
    model: {
      depots: [{ id: String(depot), position: position(depot) }],
      stops,
      vehicleTypes: [{ id: 'vehicle', count: options.vehicles, capacity: [capacity], startDepot: String(depot), maxDuration }],
      travel: { kind: 'euclidean', round: options.round ?? true },
    },
  };
}

/** Reads a CVRPLIB `.sol` file; customer numbers 1..n become node ids 2..n+1 (the depot is node 1). */
export function readSol(text: string): CvrplibSolution {
  const routes: string[][] = [];
  let cost = Number.NaN;
  for (const line of text.split(/\r?\n/)) {
    const route = /^Route\s*#\d+\s*:(.*)$/i.exec(line.trim());
    if (route) {
      routes.push(
        route[1]!
          .trim()
          .split(/\s+/)
          .filter(Boolean)
          .map((c) => String(Number(c) + 1)),
      );
      continue;
    }
    const total = /^Cost\s+([\d.eE+-]+)/i.exec(line.trim());
    if (total) cost = Number(total[1]);
  }
  return { routes, cost };
}
