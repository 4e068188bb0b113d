import { z } from 'zod';
import { DateOnly, Fen, Id, Latitude, Longitude, Phone, TemperatureClass, Timestamp } from './common.ts';
import { LineChange, LineChangeCode } from './standing-lines.ts';

export * from './standing-lines.ts';

const Name = z.string().trim().min(1).max(100);
const Count = z.number().int().min(0).max(1_000_000);
const Positive = z.number().int().min(1).max(1_000_000);
const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day as HH:MM');

// ---- warehouses, fleet, drivers, carriers ----

export const Warehouse = z.object({
  id: Id,
  name: z.string(),
  address: z.string(),
  lat: z.number(),
  lng: z.number(),
  active: z.boolean(),
  reloadMinutes: z.number().int().describe('minutes to reload a vehicle that comes back for another trip'),
  createdAt: Timestamp,
});
export const WarehouseList = z.object({ items: z.array(Warehouse) });
const ReloadMinutes = z.number().int().min(0).max(240);
export const CreateWarehouse = z.strictObject({
  name: Name,
  address: z.string().trim().min(1).max(200),
  lat: Latitude,
  lng: Longitude,
  reloadMinutes: ReloadMinutes.default(30),
});
export const UpdateWarehouse = z.strictObject({
  name: Name.optional(),
  address: z.string().trim().min(1).max(200).optional(),
  lat: Latitude.optional(),
  lng: Longitude.optional(),
  active: z.boolean().optional(),
  reloadMinutes: ReloadMinutes.optional(),
});

export const RateCard = z.strictObject({
  perTripFen: Fen.min(0),
  perStopFen: Fen.min(0),
  zones: z
    .array(z.strictObject({ uptoKm: z.number().positive().max(10_000), feeFen: Fen.min(0) }))
    .max(20)
    .describe('distance zones by the whole trip, ascending: the first zone reaching the trip distance applies, the last beyond'),
});
export const Carrier = z.object({
  id: Id,
  name: z.string(),
  phone: z.string(),
  rateCard: z.object({ perTripFen: Fen, perStopFen: Fen, zones: z.array(z.object({ uptoKm: z.number(), feeFen: Fen })) }),
  active: z.boolean(),
  createdAt: Timestamp,
});
export const CarrierList = z.object({ items: z.array(Carrier) });
export const CreateCarrier = z.strictObject({ name: Name, phone: Phone, rateCard: RateCard });
export const UpdateCarrier = z.strictObject({
  name: Name.optional(),
  phone: Phone.optional(),
  rateCard: RateCard.optional(),
  active: z.boolean().optional(),
});

const Litres = z.number().int().min(0).max(1_000_000);
export const Compartments = z
  .strictObject({
    chilledL: Litres.describe('litres of the volume kept chilled'),
    frozenL: Litres.describe('litres of the volume kept frozen (a frozen compartment also takes chilled goods)'),
  })
  .describe(
    'the cold compartments, litres of capacityVolumeL; the rest is ambient. Together at most capacityVolumeL (422 COMPARTMENTS_EXCEED_VOLUME)',
  );
export const VehicleType = z.object({
  id: Id,
  name: z.string(),
  carrierId: Id.nullable().describe('null for our own fleet'),
  capacityWeightKg: z.number().int(),
  capacityVolumeL: z.number().int(),
  capacityCrates: z.number().int(),
  temperatureClass: TemperatureClass.describe('its coldest compartment (ambient: none)'),
  compartments: z.object({ chilledL: z.number().int(), frozenL: z.number().int() }),
  costPerKmFen: Fen,
  costPerTripFen: Fen,
  availableCount: z.number().int(),
  maxTrips: z.number().int().describe('trips one vehicle may make within its shift, reloading at the warehouse between them'),
  active: z.boolean(),
  createdAt: Timestamp,
});
export const VehicleTypeList = z.object({ items: z.array(VehicleType) });
export const CreateVehicleType = z.strictObject({
  name: Name,
  carrierId: Id.nullable().default(null),
  capacityWeightKg: Positive,
  capacityVolumeL: Positive,
  capacityCrates: Positive,
  temperatureClass: TemperatureClass.optional().describe(
    'without compartments: the whole volume at this class; with them, their coldest (422 COMPARTMENTS_CLASS_MISMATCH otherwise). Neither: ambient',
  ),
  compartments: Compartments.optional(),
  costPerKmFen: Fen.min(0).default(0),
  costPerTripFen: Fen.min(0).default(0),
  availableCount: Count,
  maxTrips: z.number().int().min(1).max(6).default(1),
});
export const UpdateVehicleType = z.strictObject({
  name: Name.optional(),
  capacityWeightKg: Positive.optional(),
  capacityVolumeL: Positive.optional(),
  capacityCrates: Positive.optional(),
  temperatureClass: TemperatureClass.optional().describe(
    'without compartments: another class puts the whole volume at it (the same class keeps the compartments); with them, their coldest',
  ),
  compartments: Compartments.optional().describe(
    'the cold compartments; left out, they stay (one filling the whole vehicle follows a new capacityVolumeL)',
  ),
  costPerKmFen: Fen.min(0).optional(),
  costPerTripFen: Fen.min(0).optional(),
  availableCount: Count.optional(),
  maxTrips: z.number().int().min(1).max(6).optional(),
  active: z.boolean().optional(),
});

export const Driver = z.object({ id: Id, name: z.string(), phone: z.string(), active: z.boolean(), createdAt: Timestamp });
export const DriverList = z.object({ items: z.array(Driver) });
export const CreateDriver = z.strictObject({ name: Name, phone: Phone });
export const UpdateDriver = z.strictObject({ name: Name.optional(), phone: Phone.optional(), active: z.boolean().optional() });

// ---- routes and load sheets ----

export const RouteStatus = z.enum(['draft', 'published', 'loading', 'in_transit', 'completed', 'cancelled']);
export const StopStatus = z.enum(['pending', 'arrived', 'handed_over', 'confirmed', 'failed']);
export const Load = z.object({ weightG: z.number().int(), volumeMl: z.number().int(), crates: z.number().int() });
export const BundleLine = z.object({ skuId: Id, title: z.string(), quantity: z.number().int() });

export const RouteStop = z.object({
  id: Id,
  seq: z.number().int().describe('1-based driving order'),
  goodsClasses: z
    .array(TemperatureClass)
    .nullable()
    .describe("the temperature classes of the point's goods this drop carries when the point's delivery is split per class; null: all"),
  pickupPointId: Id,
  pickupPointName: z.string(),
  leaderName: z.string().describe('the pickup point’s leader, who counts the bundle in'),
  leaderPhone: z.string().describe('to call the leader from the stop'),
  address: z.string(),
  lat: z.number(),
  lng: z.number(),
  mapUrl: z.string().describe('navigation link for the phone'),
  plannedArrivalAt: Timestamp.nullable(),
  status: StopStatus,
  bundleId: z.string().describe('printed and QR-encoded on the bundle label'),
  load: Load,
  lines: z.array(BundleLine).describe('what to hand over: net quantities per SKU'),
  temperatureClasses: z.array(TemperatureClass).describe('the distinct temperature classes of the goods handed over, ambient to frozen'),
  insulatedBoxes: z
    .number()
    .int()
    .describe('insulated boxes for the goods colder than every compartment of the vehicle (0 on a vehicle cold enough)'),
  lineChange: LineChangeCode.nullable().describe("why the point is not on its standing line's vehicle; null: it is, or it is on no line"),
});
export const StowagePlace = z
  .enum(['ambient', 'chilled', 'frozen', 'boxes'])
  .describe("a compartment (ambient: the vehicle's ambient part) or insulated boxes");
export const Stowage = z
  .object({
    placements: z
      .array(z.object({ goods: TemperatureClass, place: StowagePlace, volumeMl: z.number().int() }))
      .describe('where the goods of each temperature class ride, coldest goods first'),
    boxes: z.number().int().describe('insulated boxes for goods colder than every compartment'),
    unplaced: z
      .array(z.object({ goods: TemperatureClass, volumeMl: z.number().int(), problem: z.enum(['temperature', 'volume']) }))
      .describe('goods with no place on this vehicle, and why (a route planned before its vehicle type changed)'),
    problems: z
      .array(z.enum(['temperature', 'boxes', 'volume']))
      .describe('why goods do not fit: no room cold enough, more boxes than the vehicle takes, more than its volume'),
  })
  .describe("what to load where: the trip's goods in the vehicle's compartments and in insulated boxes");
export const Route = z.object({
  id: Id,
  routeNo: z.number().int(),
  warehouseId: Id,
  deliveryDate: DateOnly,
  status: RouteStatus,
  locked: z.boolean(),
  vehicleTypeId: Id,
  vehicleTypeName: z.string().describe('the fleet has vehicle types, not single vehicles'),
  vehicleNo: z
    .number()
    .int()
    .nullable()
    .describe("which vehicle of the date's plan makes this trip (its trips share the number); null for routes planned as one trip each"),
  tripNo: z.number().int().describe("which of the vehicle's trips this route is, from 1"),
  standingLineId: Id.nullable().describe('the standing line whose vehicle makes this trip; null: none'),
  standingLineName: z.string().nullable(),
  driverBreak: z
    .object({ at: Timestamp, minutes: z.number().int() })
    .nullable()
    .describe('when the driver rests on this trip (after the stops planned before it, or at the warehouse before leaving)'),
  lineDriverId: Id.nullable().describe("the line's driver, proposed when publishing"),
  driverId: Id.nullable(),
  carrierId: Id.nullable(),
  departureAt: Timestamp,
  distanceM: z.number().int(),
  costFen: Fen.nullable(),
  load: Load,
  capacity: Load,
  vehicleTemperature: TemperatureClass.describe("the vehicle type's coldest compartment (see compartments)"),
  insulatedBoxes: z.number().int().describe('insulated boxes on board for goods colder than every compartment'),
  compartments: z
    .object({ chilledL: z.number().int(), frozenL: z.number().int() })
    .describe("the vehicle type's cold compartments, litres (the rest of its volume is ambient)"),
  stowage: Stowage,
  stops: z.array(RouteStop),
});
export type Route = z.infer<typeof Route>;
export const RouteList = z.object({
  items: z.array(Route),
  unrouted: z.array(Id).describe('pickup points with goods that day on no route'),
});
export const RouteListQuery = z.strictObject({
  deliveryDate: DateOnly,
  warehouseId: Id.optional().describe("one warehouse's routes; `unrouted` then lists only the points it serves"),
});
/** The line to draw a route on a map: warehouse → stops in order → warehouse. */
export const RouteGeometry = z.object({
  routeId: Id,
  source: z
    .enum(['road', 'straight'])
    .describe("road: along the roads, from the operator's map provider (OSRM); straight: straight lines between the points"),
  points: z
    .array(z.tuple([z.number(), z.number()]))
    .describe('[lat, lng] pairs in WGS-84 from the warehouse through the stops back to it (a road line is thinned to at most 5,000)'),
});

export const PlanRoutes = z.strictObject({
  warehouseId: Id,
  deliveryDate: DateOnly,
  departure: ClockTime.default('05:00').describe('leaving the warehouse, operator time'),
  deadline: ClockTime.default('09:00').describe('every stop served before this time'),
  shiftHours: z.number().min(1).max(16).default(8),
  serviceMinutes: z.number().int().min(0).max(120).default(10),
  timeLimitMs: z.number().int().min(100).max(60_000).default(5000),
  maxIterations: z.number().int().min(1).max(1_000_000).optional().describe('a deterministic budget instead of the time limit'),
  extraVehicles: z
    .array(z.strictObject({ vehicleTypeId: Id, count: z.number().int().min(1).max(100) }))
    .max(50)
    .default([])
    .describe('vehicles or carrier trips added for this date only, on top of each type’s available count'),
});
/** What would serve the points a plan left out: per temperature class, the vehicles of one type it would take. */
export const Shortfall = z.object({
  goods: TemperatureClass,
  pickupPointIds: z.array(Id),
  suggestion: z
    .object({
      vehicleTypeId: Id,
      vehicleTypeName: z.string(),
      count: z.number().int().describe('vehicles'),
      trips: z.number().int().describe('trips those vehicles make, several each where the type allows'),
      servesAll: z.boolean(),
    })
    .nullable()
    .describe('how many more vehicles of the cheapest type that carries these goods would serve them; null when no type carries them'),
});
export const RoutePlan = z.object({
  routes: z.array(Route),
  unserved: z.array(
    z.object({
      pickupPointId: Id,
      code: z
        .enum(['too_big', 'unreachable', 'no_vehicle_left', 'no_vehicle'])
        .describe(
          'too_big: its goods fit no vehicle; unreachable: no vehicle reaches it before the deadline within the shift; no_vehicle_left: the vehicles left could not take it; no_vehicle: no vehicle carries these goods',
        ),
      goods: TemperatureClass.describe('the temperature class its goods were planned in'),
      reason: z.string().describe('the same in English, for people'),
    }),
  ),
  shortfall: z.array(Shortfall).describe('per temperature class left out: what more of the fleet would serve it'),
  lineChanges: z.array(LineChange).describe('points served off their standing line, with why'),
});

export const WarehouseAssignment = z
  .enum(['fixed', 'nearest'])
  .describe(
    'which warehouse serves a pickup point with none assigned (or whose warehouse is closed): fixed, the default warehouse (the first active one by id); nearest, the nearest active one',
  );
export const DeliverySettings = z.object({
  insulatedBoxes: z.boolean().describe('chilled and frozen goods may ride on warmer vehicles in insulated boxes'),
  boxesPerVehicle: z.number().int().describe('insulated boxes one vehicle takes'),
  boxVolumeL: z.number().int().describe('what one box holds, litres'),
  warehouseAssignment: WarehouseAssignment.default('fixed'),
  lineChangeCostFen: Fen.describe("what a plan counts for each point it serves off its standing line's vehicle"),
  driverBreak: z
    .object({ minutes: z.number().int(), fromMinutes: z.number().int(), untilMinutes: z.number().int() })
    .describe("every driver's break: its length (0: none), starting between these minutes after the plan's departure"),
});
const DriverBreakSetting = z
  .strictObject({
    minutes: z.number().int().min(0).max(240).describe('0: no break'),
    fromMinutes: z.number().int().min(0).max(1440),
    untilMinutes: z.number().int().min(0).max(1440),
  })
  .refine((b) => b.fromMinutes <= b.untilMinutes, { message: 'the break window closes before it opens', path: ['untilMinutes'] });
export const UpdateDeliverySettings = z.strictObject({
  insulatedBoxes: z.boolean().optional(),
  boxesPerVehicle: z.number().int().min(0).max(1000).optional(),
  boxVolumeL: z.number().int().min(1).max(1000).optional(),
  warehouseAssignment: WarehouseAssignment.optional(),
  lineChangeCostFen: z.number().int().min(0).max(1_000_000).optional(),
  driverBreak: DriverBreakSetting.optional(),
});

// ---- road distances: the operator's map provider ----

export const MapProvider = z
  .enum(['estimate', 'osrm', 'amap'])
  .describe('estimate: straight line × detour factor at the average speed, no server; osrm: an OSRM server; amap: AMap (高德) web service');
/** A service's base URL: http(s), without credentials, query or fragment (paths are appended to it). */
const ServiceUrl = z
  .url({ protocol: /^https?$/ })
  .max(500)
  .refine((u) => {
    // zod runs this after a failed URL check too; that failure is reported already.
    if (!URL.canParse(u)) return true;
    const url = new URL(u);
    return !url.username && !url.password && !url.search && !url.hash;
  }, 'an http(s) base URL without credentials, query or fragment');
export const MapSettings = z.object({
  provider: MapProvider,
  osrmUrl: z.string().nullable().describe('base URL of the OSRM server, e.g. http://127.0.0.1:5000'),
  amapUrl: z.string().nullable().describe("AMap web service host; null: AMap's own (https://restapi.amap.com)"),
  amapKeyMasked: z.string().nullable().describe('the AMap key with all but its last 4 characters hidden (never sent in full)'),
  detourFactor: z.number().describe('road over straight-line distance for the estimate (and for legs a map service finds no road for)'),
  speedKmh: z.number().describe('average driving speed of the estimate, km/h'),
});
export const UpdateMapSettings = z.strictObject({
  provider: MapProvider.optional(),
  osrmUrl: ServiceUrl.nullable().optional(),
  amapKey: z
    .string()
    .regex(/^[A-Za-z0-9]{8,64}$/, 'an AMap web service key: 8 to 64 letters and digits')
    .nullable()
    .optional(),
  amapUrl: ServiceUrl.nullable().optional(),
  detourFactor: z.number().min(1).max(3).optional(),
  speedKmh: z.number().min(5).max(120).optional(),
});

// ---- points no route serves: the dispatcher's decision ----

export const UnroutedQuery = z.strictObject({
  deliveryDate: DateOnly,
  warehouseId: Id.optional().describe('only the points this warehouse serves'),
});
export const UnroutedPoint = z.object({
  pickupPointId: Id,
  pointName: z.string(),
  leaderName: z.string(),
  orders: z.number().int(),
  units: z.number().int(),
  amountFen: Fen.describe('paid and not refunded'),
  goods: z.array(TemperatureClass),
  load: Load,
});
export const UnroutedList = z.object({ deliveryDate: DateOnly, items: z.array(UnroutedPoint) });
export const DecideUnrouted = z.strictObject({
  deliveryDate: DateOnly,
  pickupPointIds: z.array(Id).min(1).max(500),
  decision: z
    .enum(['postpone', 'refund'])
    .describe('postpone: the orders are picked up on `postponeTo`; refund: refunded in full, the operator bears it'),
  postponeTo: DateOnly.optional().describe('default: the day after deliveryDate'),
});
export const UnroutedDecision = z.object({
  decision: z.enum(['postpone', 'refund']),
  orders: z.number().int(),
  residentsTold: z.number().int(),
  refundedFen: Fen,
  postponeTo: DateOnly.nullable(),
});

export const UpdateRoute = z.strictObject({ locked: z.boolean().optional(), vehicleTypeId: Id.optional() });
export const ReorderStops = z.strictObject({ stopIds: z.array(Id).min(1).max(500) });
export const MoveStop = z.strictObject({
  toRouteId: Id,
  position: z.number().int().min(1).optional().describe('1-based place in the target route; default last'),
});
export const PublishRoute = z.strictObject({ driverId: Id, vehicleTypeId: Id.optional() });
export const RouteStopParams = z.strictObject({ id: Id, stopId: Id });

// ---- sorting ----

export const SortingQuery = z.strictObject({
  deliveryDate: DateOnly,
  warehouseId: Id.optional().describe("one warehouse's sheet: its routes, and the points it serves that no route takes yet"),
});
export const SortingBundle = z.object({
  loadingPosition: z.number().int().describe('1 = loaded first (the last stop)'),
  bundleId: z.string(),
  stopSeq: z.number().int().nullable(),
  pickupPointId: Id,
  pickupPointName: z.string(),
  crates: z.number().int(),
  lines: z.array(BundleLine),
});
/** A line support sends again with a delivery (it was missing): packed for its pickup point beside the bundle. */
export const RedeliveryLine = z.object({
  redeliveryId: Id,
  deliveryDate: DateOnly,
  orderId: Id,
  orderNo: z.string(),
  orderLineId: Id,
  pickupPointId: Id,
  pickupPointName: z.string(),
  skuId: Id,
  title: z.string(),
  quantity: z.number().int(),
});
export const SortingSheet = z.object({
  deliveryDate: DateOnly,
  routes: z.array(
    z.object({
      routeId: Id.nullable().describe('null: pickup points not yet on a route'),
      routeNo: z.number().int().nullable(),
      bundles: z.array(SortingBundle),
      picks: z.array(BundleLine).describe('how many of each SKU to pull for this route'),
    }),
  ),
  skuTotals: z.array(BundleLine),
  redeliveries: z.array(RedeliveryLine).optional().describe('lines sent again with this delivery (missing before), by pickup point'),
});

// ---- delivery and handover ----

export const DriverRoutesQuery = z.strictObject({ date: DateOnly.optional().describe("default: today in the operator's time zone") });
export const DriverRouteList = z.object({ items: z.array(Route) });
export const FailStop = z.strictObject({ reason: z.string().trim().min(1).max(500) });

export const LeaderDeliveriesQuery = z.strictObject({ date: DateOnly.optional() });
/** Units of a count-in, as signed for: what was sent, what the leader received, what was missing. */
const CountedUnits = {
  expectedUnits: z.number().int().describe('units sent in the bundle when it was counted in'),
  receivedUnits: z.number().int(),
  shortUnits: z.number().int().describe('units signed for as missing (refunded to the orders)'),
};
export const HandoverCount = z.object({
  handoverId: Id,
  confirmedAt: Timestamp,
  sealIntact: z.boolean(),
  ...CountedUnits,
  lines: z.array(z.object({ skuId: Id, expected: z.number().int(), received: z.number().int() })),
});
export const LeaderDelivery = z.object({
  stopId: Id,
  routeId: Id,
  deliveryDate: DateOnly,
  pickupPointId: Id,
  pickupPointName: z.string(),
  status: StopStatus,
  bundleId: z.string(),
  lines: z.array(BundleLine).describe('once confirmed, what was sent as counted in (the bundle before the shortage refunds)'),
  handover: HandoverCount.nullable().describe('the count-in the leader signed for; null until the stop is confirmed'),
  redeliveries: z.array(RedeliveryLine).optional().describe('lines sent again with this delivery for residents of this point'),
});
export const LeaderDeliveryList = z.object({ items: z.array(LeaderDelivery) });
export const ConfirmHandover = z.strictObject({
  lines: z
    .array(z.strictObject({ skuId: Id, received: z.number().int().min(0) }))
    .max(500)
    .optional()
    .describe('received quantities; SKUs left out were received in full; omit to sign off the whole bundle'),
  sealIntact: z.boolean().default(true).describe('the bundle seal was intact: missing units are then the warehouse’s, else the driver’s'),
});
export const Handover = z.object({
  handoverId: Id,
  stopId: Id,
  routeId: Id,
  pickupPointId: Id,
  confirmedAt: Timestamp,
  discrepancies: z.array(
    z.object({ skuId: Id, expected: z.number().int(), received: z.number().int(), blame: z.enum(['driver', 'warehouse']) }),
  ),
  ...CountedUnits,
  refundedFen: Fen,
  ordersDelivered: z.number().int(),
  routeCompleted: z.boolean(),
});

/** A file download (Excel workbook or HTML print view); the content type says which. */
export const Download = z.unknown().describe('the file');
