import { describe, expect, it } from 'vitest';
import type { InsulatedBoxes } from '../src/modules/logistics/logistics.rules.ts';
import {
  type ClassVolumes,
  type Compartments,
  coldestCompartment,
  type Stowage,
  stow,
  vehicleCompartments,
} from '../src/modules/logistics/stowage.rules.ts';

const L = 1000;
const noBoxes: InsulatedBoxes = { enabled: false, boxesPerVehicle: 0, boxVolumeL: 60 };
const twoBoxes: InsulatedBoxes = { enabled: true, boxesPerVehicle: 2, boxVolumeL: 60 };
const oneBox: InsulatedBoxes = { ...twoBoxes, boxesPerVehicle: 1 };

/** 1,000 L: 300 L chilled, 200 L frozen, 500 L ambient. */
const truck = { volumeL: 1000, chilledL: 300, frozenL: 200 };
const van = { volumeL: 2000, chilledL: 0, frozenL: 0 };
const chilledVan = { volumeL: 1000, chilledL: 1000, frozenL: 0 };
const freezer = { volumeL: 1000, chilledL: 0, frozenL: 1000 };
/** A van with a small chilled compartment and no frozen one. */
const coolBox = { volumeL: 1000, chilledL: 400, frozenL: 0 };

type Row = {
  name: string;
  drops: ClassVolumes[];
  vehicle: Compartments & { volumeL: number };
  rule: InsulatedBoxes;
  /** [goods, place, litres] */
  placed: Array<[string, string, number]>;
  boxes: number;
  unplaced?: Array<[string, number, string]>;
  problems?: Stowage['problems'];
};

const rows: Row[] = [
  {
    name: 'each class in its own compartment',
    drops: [{ ambient: 400 * L, chilled: 120 * L, frozen: 40 * L }],
    vehicle: truck,
    rule: noBoxes,
    placed: [
      ['frozen', 'frozen', 40],
      ['chilled', 'chilled', 120],
      ['ambient', 'ambient', 400],
    ],
    boxes: 0,
  },
  {
    name: 'chilled goods beyond the chilled compartment go in the frozen room left',
    drops: [
      { chilled: 200 * L, frozen: 50 * L },
      { chilled: 150 * L, frozen: 50 * L },
    ],
    vehicle: truck,
    rule: noBoxes,
    placed: [
      ['frozen', 'frozen', 100],
      ['chilled', 'chilled', 300],
      ['chilled', 'frozen', 50],
    ],
    boxes: 0,
  },
  {
    name: 'chilled goods beyond both compartments do not fit, and take no boxes on a vehicle with a compartment for them',
    drops: [{ chilled: 350 * L, frozen: 180 * L }],
    vehicle: truck,
    rule: twoBoxes,
    placed: [
      ['frozen', 'frozen', 180],
      ['chilled', 'chilled', 300],
      ['chilled', 'frozen', 20],
    ],
    boxes: 0,
    unplaced: [['chilled', 30, 'temperature']],
    problems: ['temperature'],
  },
  {
    name: 'frozen goods beyond the frozen compartment do not fit',
    drops: [{ frozen: 250 * L }],
    vehicle: truck,
    rule: twoBoxes,
    placed: [['frozen', 'frozen', 200]],
    boxes: 0,
    unplaced: [['frozen', 50, 'temperature']],
    problems: ['temperature'],
  },
  {
    name: 'ambient goods beyond the ambient part take the cold room left, chilled first',
    drops: [{ ambient: 750 * L, chilled: 100 * L }],
    vehicle: truck,
    rule: noBoxes,
    placed: [
      ['chilled', 'chilled', 100],
      ['ambient', 'ambient', 500],
      ['ambient', 'chilled', 200],
      ['ambient', 'frozen', 50],
    ],
    boxes: 0,
  },
  {
    name: 'more goods than the vehicle holds',
    drops: [{ ambient: 800 * L, chilled: 300 * L, frozen: 200 * L }],
    vehicle: truck,
    rule: noBoxes,
    placed: [
      ['frozen', 'frozen', 200],
      ['chilled', 'chilled', 300],
      ['ambient', 'ambient', 500],
    ],
    boxes: 0,
    unplaced: [['ambient', 300, 'volume']],
    problems: ['volume'],
  },
  {
    name: 'an all-ambient van: cold goods in insulated boxes, counted per drop as before compartments',
    drops: [
      { ambient: 100 * L, chilled: 30 * L, frozen: 20 * L },
      { chilled: 30 * L, frozen: 20 * L },
    ],
    vehicle: van,
    rule: twoBoxes,
    placed: [
      ['frozen', 'boxes', 40],
      ['chilled', 'boxes', 60],
      ['ambient', 'ambient', 100],
    ],
    boxes: 2,
  },
  {
    name: 'an all-ambient van with more boxes than it takes',
    drops: [{ chilled: 30 * L }, { frozen: 20 * L }],
    vehicle: van,
    rule: oneBox,
    placed: [
      ['frozen', 'boxes', 20],
      ['chilled', 'boxes', 30],
    ],
    boxes: 2,
    problems: ['boxes'],
  },
  {
    name: 'an all-ambient van without boxes cannot take frozen goods',
    drops: [{ ambient: 10 * L, frozen: 10 * L }],
    vehicle: van,
    rule: noBoxes,
    placed: [['ambient', 'ambient', 10]],
    boxes: 0,
    unplaced: [['frozen', 10, 'temperature']],
    problems: ['temperature'],
  },
  {
    name: 'a small chilled compartment: frozen goods in boxes, chilled goods in the compartment',
    drops: [{ ambient: 50 * L, chilled: 100 * L, frozen: 30 * L }],
    vehicle: coolBox,
    rule: twoBoxes,
    placed: [
      ['frozen', 'boxes', 30],
      ['chilled', 'chilled', 100],
      ['ambient', 'ambient', 50],
    ],
    boxes: 1,
  },
  {
    name: 'a whole chilled van takes frozen goods in boxes, one drop at a time, as before compartments',
    drops: [{ frozen: 25 * L }, { frozen: 25 * L, chilled: 300 * L }],
    vehicle: chilledVan,
    rule: twoBoxes,
    placed: [
      ['frozen', 'boxes', 50],
      ['chilled', 'chilled', 300],
    ],
    boxes: 2,
  },
  {
    name: 'a whole freezer takes everything in its one compartment',
    drops: [{ ambient: 300 * L, chilled: 200 * L, frozen: 100 * L }],
    vehicle: freezer,
    rule: twoBoxes,
    placed: [
      ['frozen', 'frozen', 100],
      ['chilled', 'frozen', 200],
      ['ambient', 'frozen', 300],
    ],
    boxes: 0,
  },
  {
    name: 'no goods',
    drops: [],
    vehicle: truck,
    rule: twoBoxes,
    placed: [],
    boxes: 0,
  },
];

describe('stowage: which goods go in which compartment', () => {
  it.each(rows)('$name', ({ drops, vehicle, rule, placed, boxes, unplaced = [], problems = [] }) => {
    expect(stow(drops, vehicle, rule)).toEqual({
      placements: placed.map(([goods, place, litres]) => ({ goods, place, volumeMl: litres * L })),
      boxes,
      unplaced: unplaced.map(([goods, litres, problem]) => ({ goods, volumeMl: litres * L, problem })),
      problems,
    });
  });
});

describe("a vehicle type's compartments", () => {
  it.each([
    [{ frozenL: 0, chilledL: 0 }, 'ambient'],
    [{ frozenL: 0, chilledL: 1 }, 'chilled'],
    [{ frozenL: 1, chilledL: 0 }, 'frozen'],
    [{ frozenL: 1, chilledL: 500 }, 'frozen'],
  ] as const)('%o: the coldest is %s', (c, coldest) => {
    expect(coldestCompartment(c)).toBe(coldest);
  });

  const mixed = { capacityVolumeL: 1000, compartments: { chilledL: 400, frozenL: 300 } };
  const wholeChilled = { capacityVolumeL: 1000, compartments: { chilledL: 1000, frozenL: 0 } };
  const wholeFrozen = { capacityVolumeL: 1000, compartments: { chilledL: 0, frozenL: 1000 } };
  it.each([
    {
      name: 'created with a class only: the whole volume',
      change: { capacityVolumeL: 8000, temperatureClass: 'frozen' },
      expected: [0, 8000],
    },
    { name: 'created chilled', change: { capacityVolumeL: 8000, temperatureClass: 'chilled' }, expected: [8000, 0] },
    { name: 'created with neither: ambient', change: { capacityVolumeL: 8000 }, expected: [0, 0] },
    {
      name: 'created with compartments and their coldest class',
      change: { capacityVolumeL: 1000, temperatureClass: 'frozen', compartments: { chilledL: 400, frozenL: 300 } },
      expected: [400, 300],
    },
    {
      name: 'compartments filling the vehicle',
      change: { capacityVolumeL: 1000, compartments: { chilledL: 600, frozenL: 400 } },
      expected: [600, 400],
    },
    {
      name: 'an edit of the volume keeps mixed compartments that fit',
      change: { capacityVolumeL: 800 },
      current: mixed,
      expected: [400, 300],
    },
    { name: 'a whole chilled vehicle follows its new volume', change: { capacityVolumeL: 800 }, current: wholeChilled, expected: [800, 0] },
    {
      name: 'an edit naming the class the vehicle has keeps its compartments',
      change: { temperatureClass: 'frozen' },
      current: mixed,
      expected: [400, 300],
    },
    {
      name: 'an edit to another class: the whole volume at it',
      change: { temperatureClass: 'chilled' },
      current: wholeFrozen,
      expected: [1000, 0],
    },
    { name: 'an edit to ambient empties the compartments', change: { temperatureClass: 'ambient' }, current: mixed, expected: [0, 0] },
    { name: 'an edit of the compartments', change: { compartments: { chilledL: 0, frozenL: 200 } }, current: mixed, expected: [0, 200] },
  ] as const)('$name', ({ change, current, expected }: { change: object; current?: typeof mixed; expected: readonly number[] }) => {
    const c = vehicleCompartments(change, current);
    expect([c.chilledL, c.frozenL]).toEqual(expected);
  });

  it.each([
    {
      name: 'compartments above the volume',
      change: { capacityVolumeL: 1000, compartments: { chilledL: 600, frozenL: 500 } },
      code: 'COMPARTMENTS_EXCEED_VOLUME',
    },
    { name: 'a volume below the compartments', change: { capacityVolumeL: 600 }, current: mixed, code: 'COMPARTMENTS_EXCEED_VOLUME' },
    {
      name: 'a negative compartment',
      change: { capacityVolumeL: 1000, compartments: { chilledL: -1, frozenL: 0 } },
      code: 'COMPARTMENTS_EXCEED_VOLUME',
    },
    {
      name: 'a class that is not the coldest compartment',
      change: { capacityVolumeL: 1000, temperatureClass: 'chilled', compartments: { chilledL: 0, frozenL: 100 } },
      code: 'COMPARTMENTS_CLASS_MISMATCH',
    },
  ] as const)('refuses $name', ({ change, current, code }: { change: object; current?: typeof mixed; code: string }) => {
    expect(() => vehicleCompartments(change, current)).toThrow(expect.objectContaining({ code }));
  });
});
