import { describe, expect, it } from 'vitest';
import type { Model } from '../src/model.ts';
import { checkModel } from '../src/model-check.ts';
import { checkPlan } from '../src/plan-check.ts';
import { compileProblem, type Problem } from '../src/problem.ts';
import { solve } from '../src/solve.ts';
import { solveInThread } from '../src/solve-in-thread.ts';
import { hybridGeneticSearch } from '../src/solver/hgs.ts';
import { Rng } from '../src/solver/rng.ts';
import { buildTravelMatrices, TravelSource } from '../src/travel.ts';
import { randomModel } from './random-model.ts';

/** The neighbour lists as they were built before the bounded heap: a full stable sort per client. */
function sortedNeighbourhoods(p: Problem, granularity: number): { start: Int32Array; list: Int32Array } {
  const n = p.nNodes;
  const proximity = (u: number, v: number) => {
    const base = p.dist[u * n + v]! + p.dist[v * n + u]!;
    if (!p.hasTime) return base;
    const travel = p.dur[u * n + v]!;
    const wait = Math.max(0, p.twEarly[v]! - travel - p.service[u]! - p.twLate[u]!);
    const late = Math.max(0, p.twEarly[u]! + p.service[u]! + travel - p.twLate[v]!);
    return base + 0.2 * (Number.isFinite(wait) ? wait : 0) + (Number.isFinite(late) ? late : 0);
  };
  const sets: Set<number>[] = [];
  for (let u = 0; u < n; u++) sets.push(new Set());
  const k = Math.min(granularity, p.nClients - 1);
  const score = new Float64Array(n);
  for (let u = p.nDepots; u < n; u++) {
    const others: number[] = [];
    for (let v = p.nDepots; v < n; v++) {
      if (v === u) continue;
      score[v] = Math.min(proximity(u, v), proximity(v, u));
      others.push(v);
    }
    const ranked = others.sort((a, b) => score[a]! - score[b]!);
    for (let i = 0; i < k; i++) {
      sets[u]!.add(ranked[i]!);
      sets[ranked[i]!]!.add(u);
    }
  }
  const start = new Int32Array(n + 1);
  const list: number[] = [];
  for (let u = 0; u < n; u++) {
    start[u] = list.length;
    list.push(...sets[u]!);
  }
  start[n] = list.length;
  return { start, list: Int32Array.from(list) };
}

/** Metres per time unit: the random models' windows are in units of a 100-unit square, here about 33 km. */
const SPEED = 400;

/** A model on lat/lon around a city centre, travel by haversine. */
function haversineModel(seed: number, stops: number): Model {
  const model = randomModel(seed, { stops, timeWindows: true });
  const rng = new Rng(seed + 1);
  const place = () => ({ lat: 31.1 + rng.below(30_000) / 100_000, lon: 121.3 + rng.below(30_000) / 100_000 });
  for (const d of model.depots) d.position = place();
  for (const s of model.stops) s.position = place();
  return { ...model, travel: { kind: 'haversine', detourFactor: 1.3, speed: SPEED } };
}

/** The same model with travel given as a matrix of the computed values (full precision, as number[]). */
function asMatrix(
  model: Model,
  exact: (from: number, to: number) => [number, number],
): { model: Model; distance: number[]; duration: number[] } {
  const size = model.depots.length + model.stops.length;
  const distance: number[] = [];
  const duration: number[] = [];
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      const [d, t] = exact(i, j);
      distance.push(d);
      duration.push(t);
    }
  }
  return { model: { ...model, travel: { kind: 'matrix', distance, duration } }, distance, duration };
}

describe('neighbour lists', () => {
  it('are the lists of a full sort of the candidates, in the same order', () => {
    const models: Model[] = [
      randomModel(3, { stops: 150 }),
      randomModel(4, { stops: 150, round: true }),
      randomModel(5, { stops: 120, timeWindows: true, dims: 2, mixedFleet: true, depots: 2 }),
      haversineModel(6, 130),
    ];
    for (const model of models) {
      for (const granularity of [1, 5, 20, 500]) {
        const p = compileProblem(model, checkModel(model).servable, granularity);
        const reference = sortedNeighbourhoods(p, granularity);
        expect(p.neighStart).toEqual(reference.start);
        expect(p.neighList).toEqual(reference.list);
      }
    }
  });
});

describe('compact travel matrices', () => {
  it('store haversine travel and given matrices in Float32, exact Euclidean distances in Float64', () => {
    const haversine = compileProblem(haversineModel(1, 20), checkModel(haversineModel(1, 20)).servable);
    expect(haversine.dist).toBeInstanceOf(Float32Array);
    const rounded = randomModel(1, { stops: 20, round: true });
    expect(compileProblem(rounded, checkModel(rounded).servable).dist).toBeInstanceOf(Float32Array);
    const exact = randomModel(1, { stops: 20 });
    expect(compileProblem(exact, checkModel(exact).servable).dist).toBeInstanceOf(Float64Array);
    expect(new TravelSource({ ...exact, travel: { kind: 'matrix', distance: new Array(21 * 21).fill(1e39) } }).compact).toBe(false);
  });

  it('give single entries equal to the matrices, over all locations and over servable nodes', () => {
    for (const model of [haversineModel(2, 30), randomModel(2, { stops: 30 }), randomModel(2, { stops: 30, round: true })]) {
      const source = new TravelSource(model);
      const all = buildTravelMatrices(model);
      const nodes = Int32Array.from([0, 3, 7, 12, 30]);
      const some = source.matrices(nodes);
      for (let i = 0; i < all.size; i++) {
        for (let j = 0; j < all.size; j++) {
          expect(source.distance(i, j)).toBe(all.distance[i * all.size + j]);
          expect(source.duration(i, j)).toBe(all.duration[i * all.size + j]);
        }
      }
      nodes.forEach((li, i) => {
        nodes.forEach((lj, j) => {
          expect(some.distance[i * nodes.length + j]).toBe(all.distance[li * all.size + lj]);
        });
      });
    }
  });

  it('plan a small matrix instance at the cost of full precision, in the thread and shared with a worker', async () => {
    const base = haversineModel(7, 40);
    const source = new TravelSource(base);
    // Haversine values in full precision, as a caller's matrix would give them.
    const detour = 1.3;
    const travel = asMatrix(base, (i, j) => {
      const all = [...base.depots, ...base.stops].map((l) => l.position as { lat: number; lon: number });
      if (i === j) return [0, 0];
      const rad = Math.PI / 180;
      const [a, b] = [all[i]!, all[j]!];
      const h =
        Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 +
        Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lon - a.lon) * rad) / 2) ** 2;
      const d = 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h))) * detour;
      return [d, d / SPEED];
    });
    const exactModel = travel.model;
    expect(source.distance(0, 5)).toBeCloseTo(travel.distance[5]!, 2);
    const servable = checkModel(exactModel).servable;
    const compact = compileProblem(exactModel, servable);
    expect(compact.dist).toBeInstanceOf(Float32Array);
    // Before: the same problem with Float64 matrices of the caller's values.
    const full: Problem = { ...compact, dist: new Float64Array(compact.nNodes ** 2), dur: new Float64Array(compact.nNodes ** 2) };
    const size = exactModel.depots.length + exactModel.stops.length;
    const location = (node: number) => (node < compact.nDepots ? node : compact.nDepots + servable[node - compact.nDepots]!);
    for (let i = 0; i < compact.nNodes; i++) {
      for (let j = 0; j < compact.nNodes; j++) {
        full.dist[i * compact.nNodes + j] = travel.distance[location(i) * size + location(j)]!;
        full.dur[i * compact.nNodes + j] = travel.duration[location(i) * size + location(j)]!;
      }
    }
    const before = hybridGeneticSearch(full, { seed: 3, maxIterations: 300 }).best;
    const after = hybridGeneticSearch(compact, { seed: 3, maxIterations: 300 }).best;
    expect(after.feasible).toBe(before.feasible);
    expect(after.baseCost / before.baseCost).toBeCloseTo(1, 6);
    expect(after.routes.filter((r) => r.length > 0).map((r) => [...r])).toEqual(
      before.routes.filter((r) => r.length > 0).map((r) => [...r]),
    );

    // The same through the public API: in the thread from a number[] matrix, and in a worker from
    // a Float32Array on shared memory (used by the worker as it is).
    const inThread = solveInThread(exactModel, { seed: 3, maxIterations: 200 });
    expect(checkPlan(exactModel, inThread.plan)).toEqual([]);
    const shared = (values: number[]) => {
      const out = new Float32Array(new SharedArrayBuffer(4 * values.length));
      out.set(values);
      return out;
    };
    const sharedModel: Model = {
      ...exactModel,
      travel: { kind: 'matrix', distance: shared(travel.distance), duration: shared(travel.duration) },
    };
    const inWorker = await solve(sharedModel, { seed: 3, maxIterations: 200 });
    expect(inWorker.plan).toEqual(inThread.plan);
    expect(checkPlan(exactModel, inWorker.plan)).toEqual([]);
    // And from a plain matrix, copied once to shared memory for the worker.
    expect((await solve(exactModel, { seed: 3, maxIterations: 200 })).plan).toEqual(inThread.plan);
  });

  it('keep setup times out of a shared or Float32 matrix: durations get a Float64 matrix of their own', async () => {
    const model = haversineModel(8, 40);
    model.stops.forEach((s, i) => {
      s.setupTime = 3 + (i % 4);
      s.site = `site${Math.floor(i / 2)}`;
    });
    const p = compileProblem(model, checkModel(model).servable);
    expect(p.dist).toBeInstanceOf(Float32Array);
    expect(p.dur).toBeInstanceOf(Float64Array);
    expect(checkPlan(model, solveInThread(model, { seed: 2, maxIterations: 100 }).plan)).toEqual([]);
    // A shared Float32 matrix with no separate durations: the distances must stay as given.
    const source = new TravelSource(model);
    const size = model.depots.length + model.stops.length;
    const distance = new Float32Array(new SharedArrayBuffer(4 * size * size));
    for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) distance[i * size + j] = source.duration(i, j);
    const before = distance.slice();
    const matrixModel: Model = { ...model, travel: { kind: 'matrix', distance } };
    const { plan } = await solve(matrixModel, { seed: 2, maxIterations: 100 });
    expect(distance).toEqual(before);
    expect(checkPlan(matrixModel, plan)).toEqual([]);
  });

  it('plan integer matrices exactly as the coordinates they came from', () => {
    const model = randomModel(9, { stops: 60, round: true, dims: 2, mixedFleet: true, depots: 2 });
    const source = new TravelSource(model);
    const matrix = asMatrix(model, (i, j) => [source.distance(i, j), source.duration(i, j)]).model;
    const a = solveInThread(model, { seed: 4, maxIterations: 150 }).plan;
    const b = solveInThread(matrix, { seed: 4, maxIterations: 150 }).plan;
    expect(b).toEqual(a);
  });
});
