import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkModel } from '../src/model-check.ts';
import { compileProblem, type Problem } from '../src/problem.ts';
import { LocalSearch } from '../src/solver/local-search.ts';
import { loadWeights, type Penalties } from '../src/solver/penalties.ts';
import { Rng } from '../src/solver/rng.ts';
import { measureRoute, penalisedCost } from '../src/solver/route-eval.ts';
import { randomModel } from './random-model.ts';

/** Local search loaded with random routes over a random model, plus a from-scratch pricer. */
function setting(seed: number, timeWindows: boolean, dims: number, mixedFleet: boolean, multiTrip = false, plain = false, noTime = false) {
  // Plain: no time at all, no preferences, one trip per vehicle (the capacitated VRP, priced
  // from distances and loads without the route builder).
  const model = randomModel(seed, {
    multiTrip: multiTrip && !plain,
    // Half the mixed fleets have stops preferring a type (standing lines), priced by change costs.
    preferences: mixedFleet && seed % 2 === 0 && !plain,
    // A third have driver breaks, placed where they cost least over the whole route.
    breaks: seed % 3 === 0 && !plain && !noTime,
    stops: 14,
    dims,
    timeWindows: timeWindows && !plain,
    mixedFleet,
    depots: mixedFleet ? 2 : 1,
    maxDuration: timeWindows || plain || noTime ? undefined : 300,
  });
  if (plain || noTime) for (const t of model.vehicleTypes) t.costPerTime = 0;
  const problem = compileProblem(model, checkModel(model).servable, 6);
  if (plain) expect(problem.hasTime || problem.multiTrip || problem.hasPreferences).toBe(false);
  const rng = new Rng(seed);
  const lists: number[][] = Array.from({ length: problem.nSlots }, () => []);
  for (let c = problem.nDepots; c < problem.nNodes; c++) lists[rng.below(Math.min(problem.nSlots, 4))]!.push(c);
  // Vehicles allowed several trips start with reloads (their start depot) at random places.
  lists.forEach((list, slot) => {
    const type = problem.slotType[slot]!;
    for (let k = rng.below(problem.maxTrips[type]!); k > 0; k--) list.splice(rng.below(list.length + 1), 0, problem.startDepot[type]!);
  });
  const penalties: Penalties = { load: 1 + rng.below(50), time: 0.5 + rng.below(5) };
  const weights = loadWeights(problem);
  const ls = new LocalSearch(problem, weights, rng);
  ls.load(
    lists.map((l) => Int32Array.from(l)),
    penalties,
  );
  const total = (routes: number[][]) =>
    routes.reduce(
      (sum, r, slot) => sum + (r.length === 0 ? 0 : penalisedCost(measureRoute(problem, slot, r, r.length, weights), penalties)),
      0,
    );
  return { problem, ls, lists, total, rng };
}

function current(ls: LocalSearch): number[][] {
  return ls.routes.map((r) => Array.from(r.nodes.subarray(1, r.len + 1)));
}

const settings = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  timeWindows: fc.boolean(),
  dims: fc.integer({ min: 1, max: 3 }),
  mixedFleet: fc.boolean(),
  multiTrip: fc.boolean(),
  plain: fc.boolean(),
  picks: fc.array(fc.nat(), { minLength: 40, maxLength: 40 }),
});

/** Clients u and v, from the problem's nodes by pick numbers. */
function pickClients(problem: Problem, picks: number[], i: number): [number, number] {
  const u = problem.nDepots + (picks[i]! % problem.nClients);
  const v = problem.nDepots + (picks[i + 1]! % problem.nClients);
  return [u, v];
}

describe('move evaluation matches recomputing the routes from scratch', () => {
  it('loads routes with the same cost as a from-scratch evaluation', () => {
    fc.assert(
      fc.property(settings, ({ seed, timeWindows, dims, mixedFleet, multiTrip }) => {
        const { ls, lists, total } = setting(seed, timeWindows, dims, mixedFleet, multiTrip);
        const loaded = ls.routes.reduce((sum, r) => sum + r.cost, 0);
        expect(loaded).toBeCloseTo(total(lists), 6);
      }),
      { numRuns: 50 },
    );
  });

  it('prices RELOCATE and SWAP variants (inside and between routes) exactly', () => {
    const shapes: [number, boolean, number][] = [
      [1, false, 0],
      [2, false, 0],
      [2, true, 0],
      [1, false, 1],
      [2, false, 1],
      [2, false, 2],
    ];
    fc.assert(
      fc.property(settings, ({ seed, timeWindows, dims, mixedFleet, multiTrip, plain, picks }) => {
        const { problem, ls, total } = setting(seed, timeWindows, dims, mixedFleet, multiTrip, plain);
        for (let i = 0; i + 2 < picks.length; i += 3) {
          const [u, v] = pickClients(problem, picks, i);
          const [n1, rev, n2] = shapes[picks[i + 2]! % shapes.length]!;
          const ru = ls.routes[ls.routeOf[u]!]!;
          const rv = ls.routes[ls.routeOf[v]!]!;
          const pu = ls.posOf[u]!;
          const a2 = n2 === 0 ? ls.posOf[v]! + 1 : ls.posOf[v]!;
          const before = current(ls);
          const delta = ls.moves.priceExchange(ru, pu, n1, rev, rv, a2, n2);
          if (!Number.isFinite(delta)) continue;
          ls.moves.applyExchange(ru, pu, n1, rev, rv, a2, n2);
          const after = current(ls);
          expect(delta).toBeCloseTo(total(after) - total(before), 6);
          if (n2 === 0 && n1 === 1) expect(after[ls.routeOf[u]!]![ls.posOf[u]! - 2]).toBe(v);
          expect(after.flat().sort()).toEqual(before.flat().sort());
        }
      }),
      { numRuns: 60 },
    );
  });

  it('prices 2-OPT inside a route and 2-OPT* between routes exactly', () => {
    fc.assert(
      fc.property(settings, ({ seed, timeWindows, dims, mixedFleet, multiTrip, plain, picks }) => {
        const { problem, ls, total } = setting(seed, timeWindows, dims, mixedFleet, multiTrip, plain);
        for (let i = 0; i + 1 < picks.length; i += 2) {
          const [u, v] = pickClients(problem, picks, i);
          const ru = ls.routes[ls.routeOf[u]!]!;
          const rv = ls.routes[ls.routeOf[v]!]!;
          const pu = ls.posOf[u]!;
          const pv = picks[i]! % 3 === 0 ? 0 : ls.posOf[v]!;
          const before = current(ls);
          let delta: number;
          if (ru === rv) {
            if (!(pu < pv - 1)) continue;
            delta = ls.moves.priceReverse(ru, pu, pv);
            // Applied exactly when it improves (plain moves decide from the bound alone).
            const applied = ls.moves.reverse(ru, pu, pv);
            expect(applied).toBe(delta < -1e-7);
            if (!applied) continue;
          } else {
            delta = ls.moves.priceTails(ru, pu, rv, pv);
            if (!ls.moves.swapTails(ru, pu, rv, pv)) continue;
          }
          expect(delta).toBeCloseTo(total(current(ls)) - total(before), 6);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('prices the other 2-OPT* (two heads joined, two tails joined) exactly', () => {
    fc.assert(
      fc.property(settings, ({ seed, dims, mixedFleet, plain, picks }) => {
        // Tried only without time and reloads.
        const { problem, ls, total } = setting(seed, false, dims, mixedFleet, false, plain, true);
        expect(problem.hasTime || problem.multiTrip).toBe(false);
        for (let i = 0; i + 1 < picks.length; i += 2) {
          const [u, v] = pickClients(problem, picks, i);
          const ru = ls.routes[ls.routeOf[u]!]!;
          const rv = ls.routes[ls.routeOf[v]!]!;
          if (ru === rv) continue;
          const pu = ls.posOf[u]!;
          const pv = picks[i]! % 3 === 0 ? 0 : ls.posOf[v]!;
          const before = current(ls);
          const expected = before.map((r) => r.slice());
          const headU = before[ru.slot]!.slice(0, pu);
          const tailU = before[ru.slot]!.slice(pu);
          const headV = before[rv.slot]!.slice(0, pv);
          const tailV = before[rv.slot]!.slice(pv);
          expected[ru.slot] = [...headU, ...headV.reverse()];
          expected[rv.slot] = [...tailU.reverse(), ...tailV];
          const delta = ls.moves.priceCross(ru, pu, rv, pv);
          expect(delta).toBeCloseTo(total(expected) - total(before), 6);
          // Applied exactly when it improves.
          const applied = ls.moves.crossHeads(ru, pu, rv, pv);
          expect(applied).toBe(delta < -1e-7);
          if (applied) expect(current(ls)).toEqual(expected);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("prices SWAP*'s relocation of one client exactly", () => {
    fc.assert(
      fc.property(settings, ({ seed, timeWindows, dims, mixedFleet, multiTrip, plain, picks }) => {
        const { problem, ls, total } = setting(seed, timeWindows, dims, mixedFleet, multiTrip, plain);
        for (let i = 0; i + 2 < picks.length; i += 3) {
          const [u, v] = pickClients(problem, picks, i);
          const ru = ls.routes[ls.routeOf[u]!]!;
          const rv = ls.routes[ls.routeOf[v]!]!;
          if (ru === rv) continue;
          const pu = ls.posOf[u]!;
          const q = picks[i + 2]! % (rv.len + 1);
          const expected = current(ls);
          const before = total(expected);
          expected[ru.slot] = expected[ru.slot]!.filter((x) => x !== u);
          expected[rv.slot]!.splice(q, 0, u);
          expect(ls.swapStar.priceRelocate(ru, pu, rv, q)).toBeCloseTo(total(expected) - before, 6);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('prices SWAP* exactly', () => {
    fc.assert(
      fc.property(settings, ({ seed, timeWindows, dims, mixedFleet, multiTrip, plain, picks }) => {
        const { problem, ls, total } = setting(seed, timeWindows, dims, mixedFleet, multiTrip, plain);
        for (let i = 0; i + 3 < picks.length; i += 4) {
          const [u, v] = pickClients(problem, picks, i);
          const ru = ls.routes[ls.routeOf[u]!]!;
          const rv = ls.routes[ls.routeOf[v]!]!;
          if (ru === rv) continue;
          const pu = ls.posOf[u]!;
          const pv = ls.posOf[v]!;
          const qv = picks[i + 2]! % (ru.len + 1);
          const qu = picks[i + 3]! % (rv.len + 1);
          const delta = ls.swapStar.price(ru, pu, qv, rv, pv, qu);
          const expected = current(ls);
          const insert = (route: number[], removedAt: number, x: number, after: number) => {
            const kept = route.filter((_, k) => k !== removedAt - 1);
            const at = after < removedAt ? after : after - 1;
            kept.splice(at, 0, x);
            return kept;
          };
          const before = total(expected);
          expected[ru.slot] = insert(expected[ru.slot]!, pu, v, qv);
          expected[rv.slot] = insert(expected[rv.slot]!, pv, u, qu);
          expect(delta).toBeCloseTo(total(expected) - before, 6);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('prices the trip moves (reload, drop a reload, merge two vehicles) exactly', () => {
    fc.assert(
      fc.property(settings, ({ seed, timeWindows, dims, mixedFleet }) => {
        const { ls, total } = setting(seed, timeWindows, dims, mixedFleet, true);
        for (let round = 0; round < 5; round++) {
          const before = total(current(ls));
          const improved = ls.trips.run();
          const after = total(current(ls));
          // Each route's kept cost is what a from-scratch evaluation says, and applied moves only improve.
          expect(ls.routes.reduce((sum, r) => sum + r.cost, 0)).toBeCloseTo(after, 6);
          if (improved) expect(after).toBeLessThan(before + 1e-9);
          else expect(after).toBeCloseTo(before, 9);
          for (const r of ls.routes) expect(r.cumReloads[r.len]!).toBeLessThan(ls.p.maxTrips[r.type]!);
        }
      }),
      { numRuns: 60 },
    );
  });
});
