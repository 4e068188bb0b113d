import type { TemperatureClass } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { boxesNeeded, canCarry, type InsulatedBoxes } from './logistics.rules.ts';

/**
 * A vehicle type's cold compartments, litres of its volume kept chilled and frozen; the rest of
 * its volume is the ambient part. A vehicle of one class is one compartment of its whole volume.
 */
export interface Compartments {
  chilledL: number;
  frozenL: number;
}

/** The coldest compartment of a vehicle: the one class that readers of `temperature_class` see. */
export function coldestCompartment(c: Compartments): TemperatureClass {
  return c.frozenL > 0 ? 'frozen' : c.chilledL > 0 ? 'chilled' : 'ambient';
}

/** A vehicle of one temperature class, as vehicle types were before compartments: its whole volume at that class. */
export function wholeVehicleAt(temperatureClass: TemperatureClass, volumeL: number): Compartments {
  return { chilledL: temperatureClass === 'chilled' ? volumeL : 0, frozenL: temperatureClass === 'frozen' ? volumeL : 0 };
}

/** What a create or an edit of a vehicle type says about its volume and temperature. */
export interface CompartmentsChange {
  capacityVolumeL?: number | undefined;
  temperatureClass?: TemperatureClass | undefined;
  compartments?: Compartments | undefined;
}

/**
 * A vehicle type's compartments after it is created or edited (`current`: as stored, on an edit):
 * - the compartments given; a temperature class given with them must be their coldest;
 * - else a temperature class alone (a client from before compartments): the whole volume at that
 *   class, unless it is the class the vehicle already has (then its compartments stay);
 * - else the current ones (none on a create: all ambient).
 * Compartments that filled the whole vehicle follow a change of its volume. Throws
 * COMPARTMENTS_CLASS_MISMATCH or COMPARTMENTS_EXCEED_VOLUME (both 422) before anything is written.
 */
export function vehicleCompartments(
  change: CompartmentsChange,
  current?: { capacityVolumeL: number; compartments: Compartments },
): Compartments {
  const volumeL = change.capacityVolumeL ?? current?.capacityVolumeL ?? 0;
  let next: Compartments;
  if (change.compartments) {
    next = change.compartments;
    if (change.temperatureClass && change.temperatureClass !== coldestCompartment(next)) {
      throw new AppError(
        'COMPARTMENTS_CLASS_MISMATCH',
        `the coldest compartment is ${coldestCompartment(next)}, not ${change.temperatureClass}`,
        {
          field: 'temperatureClass',
          temperatureClass: change.temperatureClass,
          coldestCompartment: coldestCompartment(next),
        },
      );
    }
  } else if (current && (!change.temperatureClass || change.temperatureClass === coldestCompartment(current.compartments))) {
    const { chilledL, frozenL } = current.compartments;
    const whole = chilledL + frozenL === current.capacityVolumeL && (chilledL === 0 || frozenL === 0);
    next = whole ? wholeVehicleAt(coldestCompartment(current.compartments), volumeL) : current.compartments;
  } else {
    next = wholeVehicleAt(change.temperatureClass ?? 'ambient', volumeL);
  }
  if (next.chilledL < 0 || next.frozenL < 0 || next.chilledL + next.frozenL > volumeL) {
    throw new AppError(
      'COMPARTMENTS_EXCEED_VOLUME',
      `chilled ${next.chilledL} L and frozen ${next.frozenL} L do not fit the vehicle's ${volumeL} L`,
      { field: 'compartments', capacityVolumeL: volumeL, chilledL: next.chilledL, frozenL: next.frozenL },
    );
  }
  return { chilledL: next.chilledL, frozenL: next.frozenL };
}

/** Volumes of goods per temperature class, ml. */
export type ClassVolumes = Partial<Record<TemperatureClass, number>>;

/** Where goods ride: a compartment (`ambient`: the vehicle's ambient part) or insulated boxes. */
export type Place = TemperatureClass | 'boxes';

export interface Placement {
  goods: TemperatureClass;
  place: Place;
  volumeMl: number;
}

/**
 * Why goods do not fit: cold goods without room cold enough (`temperature`), more insulated
 * boxes than the vehicle takes (`boxes`), more goods than the vehicle's volume (`volume`).
 */
export type StowageProblem = 'temperature' | 'boxes' | 'volume';

export interface Stowage {
  /** Coldest goods first; each class's goods in the order of the places they fill. */
  placements: Placement[];
  /** Insulated boxes for goods colder than every compartment. */
  boxes: number;
  /** Goods with no place, ml per class, and why. */
  unplaced: Array<{ goods: TemperatureClass; volumeMl: number; problem: 'temperature' | 'volume' }>;
  problems: StowageProblem[];
}

const CLASSES: readonly TemperatureClass[] = ['frozen', 'chilled', 'ambient'];

/**
 * Which of a trip's goods go in which compartment (`drops`: each stop's goods, ml per class; the
 * vehicle's volume and compartments in litres):
 * - frozen goods in the frozen compartment;
 * - chilled goods in the chilled compartment, then in room left in the frozen one;
 * - goods colder than every compartment (frozen goods on a vehicle whose coldest compartment is
 *   chilled, cold goods on an all-ambient vehicle) in insulated boxes where the operator allows
 *   them, counted per drop as `boxesNeeded` does (each point's goods in boxes of their own);
 * - the boxes and the ambient goods in the ambient part, then in any room left (chilled, frozen).
 * Goods that a compartment is cold enough for ride in the compartments only: what does not fit
 * there takes no boxes. So the vehicle's coldest compartment decides the boxes exactly as a
 * vehicle's one class did before compartments, and a vehicle of one class stows as it did.
 */
export function stow(drops: readonly ClassVolumes[], vehicle: Compartments & { volumeL: number }, rule: InsulatedBoxes): Stowage {
  const goods: Record<TemperatureClass, number> = { ambient: 0, chilled: 0, frozen: 0 };
  for (const d of drops) for (const c of CLASSES) goods[c] += d[c] ?? 0;
  const coldest = coldestCompartment(vehicle);
  const room: Record<TemperatureClass, number> = {
    ambient: Math.max(0, vehicle.volumeL - vehicle.chilledL - vehicle.frozenL) * 1000,
    chilled: vehicle.chilledL * 1000,
    frozen: vehicle.frozenL * 1000,
  };
  const placements: Placement[] = [];
  const unplaced: Stowage['unplaced'] = [];
  const problems = new Set<StowageProblem>();
  /** Fills the places in order as far as their room goes; returns the ml left over. */
  const fill = (ml: number, places: readonly TemperatureClass[], placed: (place: TemperatureClass, ml: number) => void) => {
    let left = ml;
    for (const place of places) {
      const n = Math.min(left, room[place]);
      if (n <= 0) continue;
      room[place] -= n;
      left -= n;
      placed(place, n);
    }
    return left;
  };
  const boxed: Array<{ goods: TemperatureClass; volumeMl: number }> = [];
  for (const g of ['frozen', 'chilled'] as const) {
    if (goods[g] <= 0) continue;
    if (!canCarry(coldest, g)) {
      boxed.push({ goods: g, volumeMl: goods[g] });
      continue;
    }
    const left = fill(goods[g], g === 'frozen' ? ['frozen'] : ['chilled', 'frozen'], (place, ml) =>
      placements.push({ goods: g, place, volumeMl: ml }),
    );
    if (left > 0) {
      unplaced.push({ goods: g, volumeMl: left, problem: 'temperature' });
      problems.add('temperature');
    }
  }
  let boxes = 0;
  if (boxed.length > 0 && !rule.enabled) {
    unplaced.push(...boxed.map((b) => ({ ...b, problem: 'temperature' as const })));
    problems.add('temperature');
  } else if (boxed.length > 0) {
    boxes = drops.reduce((n, d) => n + boxesNeeded(d, coldest, rule.boxVolumeL), 0);
    if (boxes > rule.boxesPerVehicle) problems.add('boxes');
    for (const b of boxed) {
      // The boxes stand in the ambient part, or in any room left.
      const left = fill(b.volumeMl, ['ambient', 'chilled', 'frozen'], () => {});
      if (b.volumeMl > left) placements.push({ goods: b.goods, place: 'boxes', volumeMl: b.volumeMl - left });
      if (left > 0) {
        unplaced.push({ goods: b.goods, volumeMl: left, problem: 'volume' });
        problems.add('volume');
      }
    }
  }
  const left = fill(goods.ambient, ['ambient', 'chilled', 'frozen'], (place, ml) =>
    placements.push({ goods: 'ambient', place, volumeMl: ml }),
  );
  if (left > 0) {
    unplaced.push({ goods: 'ambient', volumeMl: left, problem: 'volume' });
    problems.add('volume');
  }
  const order = (c: TemperatureClass) => CLASSES.indexOf(c);
  placements.sort((a, b) => order(a.goods) - order(b.goods));
  return { placements, boxes, unplaced, problems: [...problems] };
}
