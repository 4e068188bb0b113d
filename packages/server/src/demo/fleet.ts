import type { App } from '../app.ts';
import { createCarrier, createVehicleType, createWarehouse, updateDeliverySettings } from '../modules/logistics/index.ts';

/** The demo's second warehouse, on the west bank of the Xiang river (the central one lies east of the city). */
export const WEST_WAREHOUSE = { name: '长沙西仓', address: '岳麓区望城坡物流园 3 号', lat: 28.215, lng: 112.87 } as const;
/** Pickup points west of this longitude (Yuelu and Wangcheng) are assigned to the west warehouse. */
export const WEST_OF_LNG = 112.95;

/**
 * The demo's warehouses and fleet: made once, found afterwards; returns the central warehouse
 * (the operator's default). Sized so that a normal day routes every pickup point: most points
 * have one frozen or chilled item, so cold goods may ride on the other vehicles in insulated
 * boxes (20 boxes of 60 litres a vehicle), as operators here do, or in the chilled and frozen
 * compartments of the two-compartment trucks; the own vehicles (16) may make two
 * trips, reloading for 30 minutes, and the carrier lends two: fewer vehicles than a day's trips,
 * so some go out twice (routes are due by 11:00). With `westWarehouse`, a second
 * warehouse on the other side of the city serves the points west of the river (assigned to it;
 * the others have none, so the default serves them); the vehicles are shared.
 */
export async function ensureFleet(app: App, operatorId: string, options: { westWarehouse?: boolean } = {}): Promise<string> {
  const central = await ensureCentral(app, operatorId);
  if (options.westWarehouse) await ensureWestWarehouse(app, operatorId);
  return central;
}

async function ensureWestWarehouse(app: App, operatorId: string): Promise<string> {
  const { ctx } = app;
  const existing = await ctx.db
    .selectFrom('warehouses')
    .select('id')
    .where('operator_id', '=', operatorId)
    .where('name', '=', WEST_WAREHOUSE.name)
    .executeTakeFirst();
  if (existing) return existing.id;
  const west = await createWarehouse(ctx, operatorId, { ...WEST_WAREHOUSE });
  await ctx.db
    .updateTable('pickup_points')
    .set({ warehouse_id: west.id })
    .where('operator_id', '=', operatorId)
    .where('lng', '<', WEST_OF_LNG)
    .execute();
  return west.id;
}

async function ensureCentral(app: App, operatorId: string): Promise<string> {
  const { ctx } = app;
  const existing = await ctx.db
    .selectFrom('warehouses')
    .select('id')
    .where('operator_id', '=', operatorId)
    .where('name', '!=', WEST_WAREHOUSE.name)
    .orderBy('id')
    .executeTakeFirst();
  if (existing) return existing.id;
  const warehouse = await createWarehouse(ctx, operatorId, {
    name: '长沙中心仓',
    address: '长沙县黄花镇物流园 8 号',
    lat: 28.19,
    lng: 113.2,
  });
  await updateDeliverySettings(ctx, operatorId, { insulatedBoxes: true, boxesPerVehicle: 20, boxVolumeL: 60 });
  const own = { carrierId: null };
  await createVehicleType(ctx, operatorId, {
    ...own,
    name: '常温厢式货车 4.2 米',
    capacityWeightKg: 1500,
    capacityVolumeL: 12000,
    capacityCrates: 120,
    temperatureClass: 'ambient',
    costPerKmFen: 180,
    costPerTripFen: 8000,
    availableCount: 4,
    maxTrips: 2,
  });
  await createVehicleType(ctx, operatorId, {
    ...own,
    name: '冷藏车 4.2 米',
    capacityWeightKg: 1200,
    capacityVolumeL: 10000,
    capacityCrates: 100,
    temperatureClass: 'chilled',
    costPerKmFen: 240,
    costPerTripFen: 10000,
    availableCount: 8,
    maxTrips: 2,
  });
  // A refrigerated truck with two compartments (a freezer box in front, a chilled one behind it)
  // and room for ambient goods at the back: one trip takes a point's goods of every class.
  await createVehicleType(ctx, operatorId, {
    ...own,
    name: '双温区冷链车 4.2 米',
    capacityWeightKg: 1200,
    capacityVolumeL: 10000,
    capacityCrates: 100,
    compartments: { chilledL: 4000, frozenL: 3000 },
    costPerKmFen: 260,
    costPerTripFen: 11000,
    availableCount: 4,
    maxTrips: 2,
  });
  // An outsourced carrier covers the rest of the ambient goods, billed by its rate card.
  const carrier = await createCarrier(ctx, operatorId, {
    name: '星沙同城配送',
    phone: '13500009999',
    rateCard: {
      perTripFen: 6000,
      perStopFen: 500,
      zones: [
        { uptoKm: 30, feeFen: 3000 },
        { uptoKm: 80, feeFen: 8000 },
        { uptoKm: 200, feeFen: 15000 },
      ],
    },
  });
  await createVehicleType(ctx, operatorId, {
    carrierId: carrier.id,
    name: '外包常温车',
    capacityWeightKg: 1500,
    capacityVolumeL: 12000,
    capacityCrates: 120,
    temperatureClass: 'ambient',
    availableCount: 2,
    costPerKmFen: 0,
    costPerTripFen: 0,
  });
  return warehouse.id;
}
