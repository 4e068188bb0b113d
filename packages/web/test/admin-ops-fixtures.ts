/** Contract-checked records for the operations sections' tests (purchasing, receiving, sorting, dispatch). */
import { logistics, procurement } from '@linli/contracts';

const at = '2026-11-22T15:50:00.000Z';

type LineInput = Partial<procurement.PurchaseOrderLine> & { id: string; skuName: string };

export function poLine(l: LineInput): procurement.PurchaseOrderLine {
  return procurement.PurchaseOrderLine.parse({
    skuId: `sku_${l.id}`,
    unit: '箱',
    demandQuantity: 10,
    stockQuantity: 0,
    suggestedQuantity: 10,
    orderedQuantity: 10,
    adjusted: false,
    confirmedQuantity: null,
    receivedQuantity: null,
    rejectedQuantity: null,
    acceptedQuantity: null,
    overQuantity: null,
    overAccepted: null,
    lotCode: null,
    expiresOn: null,
    costPriceFen: 1850,
    ...l,
  });
}

export function purchaseOrder(p: Partial<procurement.PurchaseOrder> & { id: string; lines: procurement.PurchaseOrderLine[] }) {
  return procurement.PurchaseOrder.parse({
    poNo: `PO261123-${p.id.slice(-6).toUpperCase()}`,
    supplierId: 'sup_1',
    supplierName: '湘江果蔬合作社',
    deliveryDate: '2026-11-23',
    warehouse: { id: 'wh_1', name: '长沙中心仓', address: '长沙县黄花镇物流园 8 号' },
    status: 'draft',
    totalCostFen: p.lines.reduce((s, l) => s + (l.confirmedQuantity ?? l.orderedQuantity) * l.costPriceFen, 0),
    createdAt: at,
    sentAt: null,
    confirmedAt: null,
    receivedAt: null,
    ...p,
  });
}

export const load = (weightG: number, volumeMl: number, crates: number) => ({ weightG, volumeMl, crates });

export function stop(routeNo: number, seq: number, extra: Partial<ReturnType<typeof logistics.RouteStop.parse>> = {}) {
  return logistics.RouteStop.parse({
    id: `stp_${routeNo}_${seq}`,
    seq,
    goodsClasses: null,
    pickupPointId: `pp_${routeNo}_${seq}`,
    pickupPointName: `自提点 ${routeNo}-${seq}`,
    leaderName: '王姐',
    leaderPhone: '13900000000',
    address: '长沙市',
    lat: 28.1 + routeNo / 100 + seq / 1000,
    lng: 112.9 + seq / 100,
    mapUrl: 'https://example.invalid/map',
    plannedArrivalAt: new Date(Date.UTC(2026, 10, 22, 21, 30) + seq * 12 * 60_000).toISOString(),
    status: 'pending',
    bundleId: `bdl:2026-11-23:pp_${routeNo}_${seq}`,
    load: load(5000, 20000, 1),
    lines: [{ skuId: 'sku_1', title: '麻阳冰糖橙 5斤装', quantity: 2 }],
    temperatureClasses: ['ambient', 'frozen'],
    insulatedBoxes: 0,
    lineChange: null,
    ...extra,
  });
}

export function route(routeNo: number, stops: number, extra: Partial<ReturnType<typeof logistics.Route.parse>> = {}) {
  const list = Array.from({ length: stops }, (_, i) => stop(routeNo, i + 1));
  return logistics.Route.parse({
    id: `rte_${routeNo}`,
    routeNo,
    warehouseId: 'wh_1',
    deliveryDate: '2026-11-23',
    status: 'draft',
    locked: false,
    vehicleTypeId: 'vt_frozen',
    vehicleTypeName: '冷冻车 3.8 米',
    vehicleNo: null,
    tripNo: 1,
    standingLineId: null,
    standingLineName: null,
    driverBreak: null,
    lineDriverId: null,
    driverId: null,
    carrierId: null,
    departureAt: '2026-11-22T21:00:00.000Z',
    distanceM: 64_600,
    costFen: null,
    load: load(list.length * 5000, list.length * 20000, list.length),
    capacity: load(1_000_000, 8_000_000, 80),
    vehicleTemperature: 'frozen',
    insulatedBoxes: 0,
    compartments: { chilledL: 0, frozenL: 8000 },
    stowage: {
      placements: [{ goods: 'ambient', place: 'frozen', volumeMl: list.length * 20000 }],
      boxes: 0,
      unplaced: [],
      problems: [],
    },
    stops: list,
    ...extra,
  });
}

export const warehouse = logistics.Warehouse.parse({
  id: 'wh_1',
  name: '长沙中心仓',
  address: '长沙县黄花镇物流园 8 号',
  lat: 28.19,
  lng: 113.2,
  active: true,
  reloadMinutes: 30,
  createdAt: at,
});

export const vehicleType = logistics.VehicleType.parse({
  id: 'vt_frozen',
  name: '冷冻车 3.8 米',
  carrierId: null,
  capacityWeightKg: 1000,
  capacityVolumeL: 8000,
  capacityCrates: 80,
  temperatureClass: 'frozen',
  compartments: { chilledL: 0, frozenL: 8000 },
  costPerKmFen: 280,
  costPerTripFen: 12000,
  availableCount: 6,
  maxTrips: 1,
  active: true,
  createdAt: at,
});

export const drivers = logistics.Driver.array().parse([
  { id: 'drv_1', name: '卢静', phone: '13600000000', active: true, createdAt: at },
  { id: 'drv_2', name: '王立新', phone: '13600000001', active: true, createdAt: at },
  { id: 'drv_3', name: '田军', phone: '13600000002', active: false, createdAt: at },
]);

/** Delivery settings with insulated boxes on, the default change cost and no driver break. */
export const deliverySettings = logistics.DeliverySettings.parse({
  insulatedBoxes: true,
  boxesPerVehicle: 4,
  boxVolumeL: 30,
  warehouseAssignment: 'fixed',
  lineChangeCostFen: 2000,
  driverBreak: { minutes: 0, fromMinutes: 180, untilMinutes: 240 },
});

/** The dispatch screen's API on a date: one warehouse, its fleet, the day's routes, the settings and the standing lines. */
export function dispatchApi<C>(date: string, routes: () => unknown, lines: unknown[], extra: Record<string, (call: C) => unknown> = {}) {
  return {
    'GET admin/warehouses': () => ({ items: [warehouse] }),
    'GET admin/vehicle-types': () => ({ items: [vehicleType] }),
    'GET admin/carriers': () => ({ items: [] }),
    'GET admin/drivers': () => ({ items: drivers }),
    'GET admin/pickup-points': () => ({ status: 403, body: { code: 'FORBIDDEN', message: '' } }),
    'GET admin/routes': routes,
    'GET admin/unrouted-points': () => ({ deliveryDate: date, items: [] }),
    'GET admin/delivery-settings': () => deliverySettings,
    'GET admin/standing-lines': () => ({ items: lines }),
    ...extra,
  };
}
