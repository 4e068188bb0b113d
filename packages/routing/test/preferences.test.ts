import { describe, expect, it } from 'vitest';
import type { Model, Plan, Stop, VehicleType } from '../src/model.ts';
import { ModelError } from '../src/model-check.ts';
import { checkPlan } from '../src/plan-check.ts';
import { solveInThread } from '../src/solve-in-thread.ts';

/**
 * Two standing lines from a depot at the origin: line A's five points 100 east, line B's five
 * 100 west. Stop `x` is in the west, next to line B's points, but on line A.
 */
function lines(x: Partial<Stop>, a: Partial<VehicleType> = {}): Model {
  const cluster = (line: 'A' | 'B', dx: number): Stop[] =>
    Array.from({ length: 5 }, (_, i) => ({
      id: `${line}${i}`,
      position: { x: dx, y: i * 2 },
      demand: [2],
      preferredVehicleType: line,
      changeCost: 1000,
    }));
  return {
    depots: [{ id: 'hub', position: { x: 0, y: 0 } }],
    stops: [...cluster('A', 100), ...cluster('B', -100), { id: 'x', position: { x: -100, y: 12 }, demand: [1], ...x }],
    vehicleTypes: [
      { id: 'A', count: 1, capacity: [20], startDepot: 'hub', ...a },
      { id: 'B', count: 1, capacity: [20], startDepot: 'hub' },
    ],
    travel: { kind: 'euclidean' },
  };
}

const typeOf = (plan: Plan, stopId: string) => plan.routes.find((r) => r.visits.some((v) => v.stopId === stopId))?.vehicleTypeId;

describe('stops preferring a vehicle type (standing lines)', () => {
  it('keeps a stop on its preferred vehicle when the change would cost more than the detour', () => {
    const model = lines({ preferredVehicleType: 'A', changeCost: 1000 });
    const { plan } = solveInThread(model, { seed: 1, maxIterations: 200 });
    expect(checkPlan(model, plan)).toEqual([]);
    expect(typeOf(plan, 'x')).toBe('A');
    expect(plan.changes).toEqual([]);
  });

  it('moves it, reporting the change as cheaper and pricing it, when the detour costs more', () => {
    const model = lines({ preferredVehicleType: 'A', changeCost: 10 });
    const { plan } = solveInThread(model, { seed: 1, maxIterations: 200 });
    expect(checkPlan(model, plan)).toEqual([]);
    expect(typeOf(plan, 'x')).toBe('B');
    expect(plan.changes).toEqual([
      { stopId: 'x', preferredVehicleTypeId: 'A', vehicleTypeId: 'B', code: 'cheaper', reason: expect.stringContaining('change cost') },
    ]);
    const b = plan.routes.find((r) => r.vehicleTypeId === 'B')!;
    expect(b.cost).toBeCloseTo(b.distance + 10, 6);
  });

  it('moves it when its preferred vehicle is full, whatever the change cost', () => {
    const model = lines({ preferredVehicleType: 'A', changeCost: 1000 }, { capacity: [10] });
    const { plan } = solveInThread(model, { seed: 1, maxIterations: 200 });
    expect(checkPlan(model, plan)).toEqual([]);
    expect(plan.changes.map((c) => [c.stopId, c.code])).toEqual([['x', 'capacity']]);
  });

  it('moves it when its preferred vehicle cannot reach it within its window', () => {
    const model = lines({ preferredVehicleType: 'A', changeCost: 1000, timeWindow: [0, 150] }, { shiftStart: 100 });
    const { plan } = solveInThread(model, { seed: 1, maxIterations: 200 });
    expect(checkPlan(model, plan)).toEqual([]);
    expect(plan.changes.map((c) => [c.stopId, c.code])).toEqual([['x', 'time']]);
  });

  it('says when no vehicle of the preferred type is available', () => {
    const model = lines({ preferredVehicleType: 'A', changeCost: 5 }, { count: 0 });
    const { plan } = solveInThread(model, { seed: 1, maxIterations: 100 });
    expect(checkPlan(model, plan)).toEqual([]);
    expect(plan.changes.find((c) => c.stopId === 'x')?.code).toBe('no_vehicle');
    expect(plan.changes).toHaveLength(6);
  });

  it('rejects an unknown preferred type and a negative change cost', () => {
    expect(() => solveInThread(lines({ preferredVehicleType: 'C' }), { maxIterations: 1 })).toThrow(ModelError);
    expect(() => solveInThread(lines({ preferredVehicleType: 'A', changeCost: -1 }), { maxIterations: 1 })).toThrow(ModelError);
  });

  it('the checker flags a change the plan does not report', () => {
    const model = lines({ preferredVehicleType: 'A', changeCost: 10 });
    const { plan } = solveInThread(model, { seed: 1, maxIterations: 200 });
    expect(checkPlan(model, { ...plan, changes: [] })).toContain(
      'stop x is served off its preferred vehicle type without a reported change',
    );
  });
});
