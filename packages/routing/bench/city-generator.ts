/**
 * A seeded city for the multi-trip benchmark (`npm run bench:routing:multitrip`): one warehouse
 * and N pickup points (default 1,000) of a community group-buying platform, each ordering goods
 * in up to three temperature classes, and a fleet that must make two or three trips per vehicle
 * to carry the day. Same `points` and `seed`, same model (the engine's `Rng`, xoshiro128**).
 *
 * Time is in seconds from 05:00 (the warehouse opens), distances in metres, costs in yuan.
 *
 * Geography: a 25 km × 25 km square around Chengdu (30.66° N, 104.07° E); the warehouse sits in
 * the south-western outskirts (about 9 km from the centre). 36 neighbourhood centres scatter
 * around the city centre (normal, σ 5.5 km, clamped to the square), each with a size
 * (log-normal); 85 % of the points fall around a centre chosen by size (normal, σ 0.4–1.2 km per
 * neighbourhood), 15 % anywhere in the square. Travel: haversine × 1.3 at 8.3 m/s (30 km/h).
 *
 * Demand: a point has a size s (log-normal, median 1, σ 0.45) and orders
 * - ambient goods with probability 0.97: round(6.5 s · U(0.7, 1.3)) crates, at least 1, 8 kg each;
 * - chilled goods with probability 0.65: round(3.5 s · U(0.7, 1.3)) crates, at least 1, 6 kg each;
 * - frozen goods with probability 0.35: round(2.5 s · U(0.7, 1.3)) crates, at least 1, 7 kg each.
 * Each class present is one stop (`p0042-ambient`, `p0042-chilled`, `p0042-frozen`) sharing the
 * point's `site`, with a setup time of 240 s (park and walk in, paid once for stops of one
 * point served in a row) and a service time of 15 s per crate.
 * Dimensions: `[kg, ambient crates, chilled crates, frozen crates]` — crates rather than volume,
 * because each temperature class has its own compartment and a crate is what the warehouse
 * loads; kg bounds the vehicle's payload across compartments.
 *
 * Time windows (per point, the same for its stops): every point must be served by 14:00
 * (9 h; residents collect in the afternoon); 20 % are shops that open at 07:00, window
 * [2 h, 9 h], the others [0, 9 h]. The windows depend on the time of day, so the order of a
 * vehicle's trips matters (a trip with shops cannot start serving before 07:00, a third trip must
 * still arrive by 14:00). A trip takes 2.3–3 h (about eight points), so an earlier deadline such
 * as 11:00 would leave no room for a third trip, or even a second for many vehicles.
 *
 * Fleet (all from the warehouse, reload time 30 min, up to 3 trips, a shift from 05:00 of at
 * most 10 h: `shiftStart` 0, `shiftEnd` and `maxDuration` 10 h), capacity as above:
 * - `reefer`, a 4.2 m refrigerated truck with a partition: [1500 kg, 45, 40, 30],
 *   650 ¥ a day, 30 ¥ a trip, 2.8 ¥/km;
 * - `chilled-van`, a van with a chilled box and a shelf of ambient room: [900 kg, 35, 35, 0],
 *   450 ¥ a day, 30 ¥ a trip, 1.8 ¥/km;
 * - `ambient-van`, a box van with no cold room: [1200 kg, 80, 0, 0], 350 ¥ a day, 30 ¥ a trip,
 *   1.2 ¥/km.
 * Counts from the day's demand, so that the fleet needs about `TRIPS_PER_VEHICLE` (2.0) full
 * trips a vehicle: reefers carry the frozen crates; chilled vans the chilled crates the reefers'
 * chilled compartments leave; ambient vans the ambient crates (and kg) the others' ambient room
 * leaves; each count rounded up, at least one of each. One trip per vehicle then carries about
 * half of every class, three trips about 1.5 times it (see `fleetTrips`); trips are never quite
 * full in every compartment, so vehicles make two or three. (At 2.2 the fleet ran out of shift
 * time: three trips of 2.5–3 h plus two reloads hardly fit before the 14:00 deadline.) The
 * fixed cost is per vehicle and day (driver and vehicle), so time has no price of its own
 * (`costPerTime` 0).
 */
import type { Model, Stop, VehicleType } from '../src/model.ts';
import { Rng } from '../src/solver/rng.ts';

export const CLASSES = ['ambient', 'chilled', 'frozen'] as const;
export type TemperatureClass = (typeof CLASSES)[number];
export const DIMENSIONS = ['kg', 'ambient crates', 'chilled crates', 'frozen crates'];

const CENTRE = { lat: 30.66, lon: 104.07 };
const SIDE_KM = 25;
const NEIGHBOURHOODS = 36;
const HOUR = 3600;
export const DEADLINE = 9 * HOUR;
export const SHOP_OPENS = 2 * HOUR;
export const RELOAD_TIME = 30 * 60;
export const SETUP_TIME = 240;
export const SECONDS_PER_CRATE = 15;
/** Average trips per vehicle the fleet is sized for. */
export const TRIPS_PER_VEHICLE = 2.0;

/** Per class: probability a point orders it, crates for a point of size 1, kg per crate. */
const ORDERS: Record<TemperatureClass, { probability: number; crates: number; kgPerCrate: number }> = {
  ambient: { probability: 0.97, crates: 6.5, kgPerCrate: 8 },
  chilled: { probability: 0.65, crates: 3.5, kgPerCrate: 6 },
  frozen: { probability: 0.35, crates: 2.5, kgPerCrate: 7 },
};

const SHIFT = { maxTrips: 3, shiftStart: 0, shiftEnd: 10 * HOUR, maxDuration: 10 * HOUR, startDepot: 'warehouse' };
/** The vehicle types without their counts. */
export const VEHICLE_SHAPES: Omit<VehicleType, 'count'>[] = [
  { id: 'reefer', capacity: [1500, 45, 40, 30], fixedCost: 650, tripCost: 30, costPerDistance: 0.0028, costPerTime: 0, ...SHIFT },
  { id: 'chilled-van', capacity: [900, 35, 35, 0], fixedCost: 450, tripCost: 30, costPerDistance: 0.0018, costPerTime: 0, ...SHIFT },
  { id: 'ambient-van', capacity: [1200, 80, 0, 0], fixedCost: 350, tripCost: 30, costPerDistance: 0.0012, costPerTime: 0, ...SHIFT },
];

export interface PickupPoint {
  id: string;
  /** Its stops, one per temperature class ordered. */
  stopIds: string[];
  shop: boolean;
}

export interface City {
  model: Model;
  points: PickupPoint[];
  /** The day's demand per dimension. */
  totals: number[];
}

export interface CityOptions {
  points?: number;
  seed?: number;
}

/** The pickup point a stop belongs to (its site). */
export function pointOf(model: Model, stopId: string): string {
  return model.stops.find((s) => s.id === stopId)?.site ?? stopId;
}

export function generateCity(options: CityOptions = {}): City {
  const nPoints = options.points ?? 1000;
  const seed = options.seed ?? 1;
  const rng = new Rng(seed * 1_000_003 + nPoints);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng.unit())) * Math.cos(2 * Math.PI * rng.unit());
  const uniform = (a: number, b: number) => a + (b - a) * rng.unit();
  const kmLat = 1 / 111.32;
  const kmLon = 1 / (111.32 * Math.cos((CENTRE.lat * Math.PI) / 180));
  const half = SIDE_KM / 2;
  const clamp = (km: number) => Math.min(half, Math.max(-half, km));
  /** Position `east` km east and `north` km north of the centre, kept in the square. */
  const at = (east: number, north: number) => ({
    lat: Number((CENTRE.lat + clamp(north) * kmLat).toFixed(6)),
    lon: Number((CENTRE.lon + clamp(east) * kmLon).toFixed(6)),
  });

  const centres = Array.from({ length: NEIGHBOURHOODS }, () => ({
    east: clamp(5.5 * gauss()),
    north: clamp(5.5 * gauss()),
    spread: uniform(0.4, 1.2),
    size: Math.exp(0.6 * gauss()),
  }));
  const totalSize = centres.reduce((sum, c) => sum + c.size, 0);
  const pickCentre = () => {
    let x = rng.unit() * totalSize;
    for (const c of centres) {
      x -= c.size;
      if (x < 0) return c;
    }
    return centres[centres.length - 1]!;
  };

  const stops: Stop[] = [];
  const points: PickupPoint[] = [];
  const totals = [0, 0, 0, 0];
  const digits = String(nPoints - 1).length;
  for (let i = 0; i < nPoints; i++) {
    const id = `p${String(i).padStart(digits, '0')}`;
    let east: number;
    let north: number;
    if (rng.unit() < 0.85) {
      const c = pickCentre();
      east = c.east + c.spread * gauss();
      north = c.north + c.spread * gauss();
    } else {
      east = uniform(-half, half);
      north = uniform(-half, half);
    }
    const position = at(east, north);
    const size = Math.exp(0.45 * gauss());
    const shop = rng.unit() < 0.2;
    const timeWindow: [number, number] = [shop ? SHOP_OPENS : 0, DEADLINE];
    const stopIds: string[] = [];
    CLASSES.forEach((cls, k) => {
      const order = ORDERS[cls];
      // Draw every number whether or not the class is ordered, so the classes stay independent.
      const wanted = rng.unit() < order.probability;
      const crates = Math.max(1, Math.round(order.crates * size * uniform(0.7, 1.3)));
      if (!wanted) return;
      const demand = [crates * order.kgPerCrate, 0, 0, 0];
      demand[1 + k] = crates;
      demand.forEach((q, d) => {
        totals[d]! += q;
      });
      const stopId = `${id}-${cls}`;
      stopIds.push(stopId);
      stops.push({
        id: stopId,
        position,
        demand,
        serviceTime: SECONDS_PER_CRATE * crates,
        timeWindow,
        site: id,
        setupTime: SETUP_TIME,
      });
    });
    if (stopIds.length === 0) {
      // A point that ordered nothing still gets its ambient crate: every point is served.
      const demand = [ORDERS.ambient.kgPerCrate, 1, 0, 0];
      demand.forEach((q, d) => {
        totals[d]! += q;
      });
      stopIds.push(`${id}-ambient`);
      stops.push({
        id: `${id}-ambient`,
        position,
        demand,
        serviceTime: SECONDS_PER_CRATE,
        timeWindow,
        site: id,
        setupTime: SETUP_TIME,
      });
    }
    points.push({ id, stopIds, shop });
  }

  return {
    model: {
      depots: [{ id: 'warehouse', position: at(-6.5, -6), reloadTime: RELOAD_TIME }],
      stops,
      vehicleTypes: sizeFleet(totals),
      travel: { kind: 'haversine', detourFactor: 1.3, speed: 8.3 },
      dimensions: DIMENSIONS,
    },
    points,
    totals,
  };
}

/** Counts per vehicle type so that the demand takes about TRIPS_PER_VEHICLE trips a vehicle. */
function sizeFleet(totals: number[]): VehicleType[] {
  const [reefer, chilled, ambient] = VEHICLE_SHAPES as [VehicleType, VehicleType, VehicleType];
  const per = (t: VehicleType, d: number) => t.capacity[d]! * TRIPS_PER_VEHICLE;
  const reefers = Math.max(1, Math.ceil(totals[3]! / per(reefer, 3)));
  const chilledVans = Math.max(1, Math.ceil(Math.max(0, totals[2]! - reefers * per(reefer, 2)) / per(chilled, 2)));
  const ambientLeft = totals[1]! - reefers * per(reefer, 1) - chilledVans * per(chilled, 1);
  const kgLeft = totals[0]! - reefers * per(reefer, 0) - chilledVans * per(chilled, 0);
  const ambientVans = Math.max(1, Math.ceil(Math.max(0, ambientLeft / per(ambient, 1), kgLeft / per(ambient, 0))));
  return [
    { ...reefer, count: reefers },
    { ...chilled, count: chilledVans },
    { ...ambient, count: ambientVans },
  ];
}

/**
 * Trips of the whole fleet the day's demand needs, per dimension: demand divided by what every
 * vehicle carries on one trip. Above 1 one trip each cannot carry the day; up to the trips a
 * vehicle may make (3), the fleet can — as far as capacity goes.
 */
export function fleetTrips(model: Model): number[] {
  const dims = model.vehicleTypes[0]!.capacity.length;
  const totals = new Array<number>(dims).fill(0);
  for (const s of model.stops)
    s.demand.forEach((q, d) => {
      totals[d]! += q;
    });
  return totals.map((q, d) => q / model.vehicleTypes.reduce((sum, t) => sum + (t.count ?? 0) * t.capacity[d]!, 0));
}
