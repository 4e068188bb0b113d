import type { Model, Stop, VehicleType } from '../src/model.ts';
import { Rng } from '../src/solver/rng.ts';

export interface RandomModelShape {
  stops: number;
  dims?: number;
  timeWindows?: boolean;
  depots?: number;
  mixedFleet?: boolean;
  maxDuration?: number;
  round?: boolean;
  /** Vans of capacity 12 may make three trips (reloading for 7 time units, 5 per trip); trucks two. */
  multiTrip?: boolean;
  /** With a mixed fleet, about half the stops prefer one of the two types, at a change cost of 1 to 40. */
  preferences?: boolean;
  /** Van drivers rest 30 starting within [150, 250]; truck drivers (mixed fleet) 20 within [300, 420]. */
  breaks?: boolean;
}

/** A random Euclidean model on a 100×100 square; every stop fits every vehicle on its own. */
export function randomModel(seed: number, shape: RandomModelShape): Model {
  const rng = new Rng(seed);
  const dims = shape.dims ?? 1;
  const depots = Array.from({ length: shape.depots ?? 1 }, (_, i) => ({
    id: `d${i}`,
    position: { x: 50 + rng.below(20) - 10, y: 50 + rng.below(20) - 10 },
    ...(shape.multiTrip ? { reloadTime: 7 } : {}),
  }));
  const stops: Stop[] = Array.from({ length: shape.stops }, (_, i) => {
    const open = rng.below(400);
    return {
      id: `s${i}`,
      position: { x: rng.below(101), y: rng.below(101) },
      demand: Array.from({ length: dims }, () => 1 + rng.below(10)),
      serviceTime: rng.below(10),
      timeWindow: shape.timeWindows ? ([open, open + 60 + rng.below(300)] as [number, number]) : undefined,
    };
  });
  const types: VehicleType[] = [
    {
      id: 'van',
      // Small enough that trips overflow and reloads matter.
      capacity: Array.from({ length: dims }, () => (shape.multiTrip ? 12 : 25)),
      startDepot: 'd0',
      maxDuration: shape.maxDuration,
      shiftEnd: shape.timeWindows ? 1000 : undefined,
      ...(shape.multiTrip ? { maxTrips: 3, tripCost: 5 } : {}),
    },
  ];
  if (shape.mixedFleet) {
    types[0]!.count = 3;
    types.push({
      id: 'truck',
      count: 2,
      capacity: Array.from({ length: dims }, () => 40),
      fixedCost: 30,
      costPerDistance: 1.5,
      costPerTime: 0.1,
      startDepot: `d${depots.length - 1}`,
      endDepot: 'd0',
      shiftStart: 20,
      shiftEnd: shape.timeWindows ? 1100 : undefined,
      // Another capacity and (with two depots) another depot than the vans: reloads must not move between them.
      ...(shape.multiTrip ? { maxTrips: 2 } : {}),
    });
  }
  if (shape.breaks) {
    types[0]!.driverBreak = { earliest: 150, latest: 250, duration: 30 };
    if (types[1]) types[1].driverBreak = { earliest: 300, latest: 420, duration: 20 };
  }
  if (shape.preferences && types.length > 1) {
    for (const stop of stops) {
      if (rng.below(2) === 0) continue;
      stop.preferredVehicleType = types[rng.below(types.length)]!.id;
      stop.changeCost = 1 + rng.below(40);
    }
  }
  return { depots, stops, vehicleTypes: types, travel: { kind: 'euclidean', round: shape.round ?? false } };
}
