import { describe, expect, it } from 'vitest';
import type { Model } from '../src/model.ts';
import { checkModel, ModelError } from '../src/model-check.ts';
import { buildTravelMatrices, haversineMetres } from '../src/travel.ts';

const base: Model = {
  depots: [{ id: 'hub', position: { x: 0, y: 0 } }],
  stops: [
    { id: 'near', position: { x: 3, y: 4 }, demand: [2, 1] },
    { id: 'heavy', position: { x: 1, y: 1 }, demand: [50, 1] },
    { id: 'closed', position: { x: 30, y: 40 }, demand: [1, 1], timeWindow: [0, 20] },
  ],
  vehicleTypes: [
    { id: 'van', capacity: [10, 5], startDepot: 'hub' },
    { id: 'truck', count: 1, capacity: [40, 5], startDepot: 'hub', shiftEnd: 200 },
  ],
  travel: { kind: 'euclidean' },
};

describe('checkModel', () => {
  it('reports stops no vehicle can serve, with the reason', () => {
    const { servable, unserved } = checkModel(base);
    expect(servable).toEqual([0]);
    expect(unserved).toEqual([
      { stopId: 'heavy', code: 'too_big', reason: expect.stringMatching(/dimension 0 demand 50 exceeds every vehicle's capacity/) },
      { stopId: 'closed', code: 'unreachable', reason: expect.stringMatching(/time window/) },
    ]);
  });

  it('names the dimension when the model names them', () => {
    const { unserved } = checkModel({ ...base, dimensions: ['kg', 'crates'] });
    expect(unserved[0]!.reason).toMatch(/kg demand 50/);
  });

  it('rejects malformed models with every problem listed', () => {
    const broken: Model = {
      ...base,
      stops: [...base.stops, { id: 'near', demand: [-1, 0], timeWindow: [5, 1] }],
      vehicleTypes: [{ id: 'van', capacity: [10], startDepot: 'nowhere', count: 1.5 }],
    };
    try {
      checkModel(broken);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ModelError);
      const problems = (error as ModelError).problems.join('\n');
      expect(problems).toMatch(/stop ids are not unique/);
      expect(problems).toMatch(/unknown start depot nowhere/);
      expect(problems).toMatch(/count must be a non-negative integer/);
      expect(problems).toMatch(/demands must be non-negative/);
      expect(problems).toMatch(/time window closes before it opens/);
      expect(problems).toMatch(/2 demand dimensions, vehicles have 1/);
    }
  });

  it('rejects a matrix of the wrong size', () => {
    expect(() => checkModel({ ...base, travel: { kind: 'matrix', distance: [0, 1, 1, 0] } })).toThrow(ModelError);
  });
});

describe('travel matrices', () => {
  it('rounds Euclidean edges only when asked', () => {
    const model: Model = { ...base, stops: [{ id: 'a', position: { x: 1, y: 1 }, demand: [1, 1] }] };
    expect(buildTravelMatrices(model).distance[1]).toBeCloseTo(Math.SQRT2, 12);
    expect(buildTravelMatrices({ ...model, travel: { kind: 'euclidean', round: true } }).distance[1]).toBe(1);
  });

  it('computes haversine distance times the detour factor, and time from the speed', () => {
    // Paris to London is about 343.5 km along the great circle.
    expect(haversineMetres({ lat: 48.8566, lon: 2.3522 }, { lat: 51.5074, lon: -0.1278 }) / 1000).toBeCloseTo(343.5, 0);
    const model: Model = {
      depots: [{ id: 'hub', position: { lat: 0, lon: 0 } }],
      stops: [{ id: 'a', position: { lat: 0, lon: 0.01 }, demand: [1] }],
      vehicleTypes: [{ id: 'van', capacity: [1], startDepot: 'hub' }],
      travel: { kind: 'haversine', detourFactor: 1.5, speed: 10 },
    };
    const { distance, duration } = buildTravelMatrices(model);
    expect(distance[1]).toBeCloseTo(1111.95 * 1.5, 0);
    // Stored in Float32 (7 significant digits), as the solver stores haversine travel.
    expect(duration[1]).toBeCloseTo(distance[1]! / 10, 4);
  });
});
