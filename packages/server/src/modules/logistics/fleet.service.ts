import type { logistics } from '@linli/contracts';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { Executor } from '../../platform/db/database.ts';
import type { CarriersTable, VehicleTypesTable, WarehousesTable } from '../../platform/db/schema.logistics.ts';
import type { DriversTable } from '../../platform/db/schema.ts';
import { AppError, found } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { revokeSessionsOf } from '../identity/index.ts';
import { assertRateCard } from './logistics.rules.ts';
import { coldestCompartment, vehicleCompartments } from './stowage.rules.ts';

type In<T extends z.ZodType> = z.infer<T>;
type Out<T extends z.ZodType> = z.infer<T>;

const toWarehouse = (r: Selectable<WarehousesTable>): Out<typeof logistics.Warehouse> => ({
  id: r.id,
  name: r.name,
  address: r.address,
  lat: r.lat,
  lng: r.lng,
  active: r.active,
  reloadMinutes: r.reload_minutes,
  createdAt: r.created_at.toISOString(),
});

const toCarrier = (r: Selectable<CarriersTable>): Out<typeof logistics.Carrier> => ({
  id: r.id,
  name: r.name,
  phone: r.phone,
  rateCard: r.rate_card,
  active: r.active,
  createdAt: r.created_at.toISOString(),
});

const toVehicleType = (r: Selectable<VehicleTypesTable>): Out<typeof logistics.VehicleType> => ({
  id: r.id,
  name: r.name,
  carrierId: r.carrier_id,
  capacityWeightKg: r.capacity_weight_kg,
  capacityVolumeL: r.capacity_volume_l,
  capacityCrates: r.capacity_crates,
  temperatureClass: r.temperature_class,
  compartments: { chilledL: r.chilled_volume_l, frozenL: r.frozen_volume_l },
  costPerKmFen: r.cost_per_km_fen,
  costPerTripFen: r.cost_per_trip_fen,
  availableCount: r.available_count,
  maxTrips: r.max_trips,
  active: r.active,
  createdAt: r.created_at.toISOString(),
});

const toDriver = (r: Selectable<DriversTable>): Out<typeof logistics.Driver> => ({
  id: r.id,
  name: r.name,
  phone: r.phone,
  active: r.active,
  createdAt: r.created_at.toISOString(),
});

const defined = <T extends Record<string, unknown>>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/** The operator's warehouses by name. */
export async function listWarehouses(db: Executor, operatorId: string) {
  const rows = await db.selectFrom('warehouses').selectAll().where('operator_id', '=', operatorId).orderBy('name').orderBy('id').execute();
  return { items: rows.map(toWarehouse) };
}

/** One warehouse of the operator, or NOT_FOUND. */
export async function warehouseRow(db: Executor, operatorId: string, id: string) {
  return found(
    await db.selectFrom('warehouses').selectAll().where('operator_id', '=', operatorId).where('id', '=', id).executeTakeFirst(),
    'warehouse',
  );
}

/** Adds a warehouse that routes start from and return to. */
export async function createWarehouse(ctx: AppContext, operatorId: string, input: z.input<typeof logistics.CreateWarehouse>) {
  const row = await ctx.db
    .insertInto('warehouses')
    .values({
      id: newId('whs'),
      operator_id: operatorId,
      name: input.name,
      address: input.address,
      lat: input.lat,
      lng: input.lng,
      reload_minutes: input.reloadMinutes ?? 30,
      created_at: ctx.clock.now(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toWarehouse(row);
}

/** Edits, closes or reopens a warehouse. */
export async function updateWarehouse(ctx: AppContext, operatorId: string, id: string, patch: In<typeof logistics.UpdateWarehouse>) {
  const current = await warehouseRow(ctx.db, operatorId, id);
  const { reloadMinutes, ...rest } = patch;
  const changes = defined({ ...rest, reload_minutes: reloadMinutes });
  if (Object.keys(changes).length === 0) return toWarehouse(current);
  const row = await ctx.db.updateTable('warehouses').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  return toWarehouse(row);
}

/** The operator's outsourced carriers by name. */
export async function listCarriers(db: Executor, operatorId: string) {
  const rows = await db.selectFrom('carriers').selectAll().where('operator_id', '=', operatorId).orderBy('name').orderBy('id').execute();
  return { items: rows.map(toCarrier) };
}

/** Registers an outsourced carrier with its rate card. */
export async function createCarrier(ctx: AppContext, operatorId: string, input: In<typeof logistics.CreateCarrier>) {
  assertRateCard(input.rateCard);
  const row = await ctx.db
    .insertInto('carriers')
    .values({
      id: newId('car'),
      operator_id: operatorId,
      name: input.name,
      phone: input.phone,
      rate_card: JSON.stringify(input.rateCard),
      created_at: ctx.clock.now(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toCarrier(row);
}

/** Renames a carrier, changes its rate card (applies to routes completed from now on) or deactivates it. */
export async function updateCarrier(ctx: AppContext, operatorId: string, id: string, patch: In<typeof logistics.UpdateCarrier>) {
  const current = found(
    await ctx.db.selectFrom('carriers').selectAll().where('operator_id', '=', operatorId).where('id', '=', id).executeTakeFirst(),
    'carrier',
  );
  if (patch.rateCard) assertRateCard(patch.rateCard);
  const { rateCard, ...rest } = patch;
  const changes = defined({ ...rest, rate_card: rateCard ? JSON.stringify(rateCard) : undefined });
  if (Object.keys(changes).length === 0) return toCarrier(current);
  const row = await ctx.db.updateTable('carriers').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  return toCarrier(row);
}

/** The operator's vehicle types (own and carriers'). */
export async function listVehicleTypes(db: Executor, operatorId: string) {
  const rows = await db
    .selectFrom('vehicle_types')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .orderBy('name')
    .orderBy('id')
    .execute();
  return { items: rows.map(toVehicleType) };
}

/**
 * Adds a vehicle type of the own fleet, or of a carrier when carrierId is given, with its cold
 * compartments (or, from a client that sends only a temperature class, its whole volume at that class).
 */
export async function createVehicleType(ctx: AppContext, operatorId: string, input: z.input<typeof logistics.CreateVehicleType>) {
  const compartments = vehicleCompartments(input);
  if (input.carrierId) {
    found(
      await ctx.db
        .selectFrom('carriers')
        .select('id')
        .where('operator_id', '=', operatorId)
        .where('id', '=', input.carrierId)
        .executeTakeFirst(),
      'carrier',
    );
  }
  const row = await ctx.db
    .insertInto('vehicle_types')
    .values({
      id: newId('vht'),
      operator_id: operatorId,
      name: input.name,
      carrier_id: input.carrierId ?? null,
      capacity_weight_kg: input.capacityWeightKg,
      capacity_volume_l: input.capacityVolumeL,
      capacity_crates: input.capacityCrates,
      temperature_class: coldestCompartment(compartments),
      chilled_volume_l: compartments.chilledL,
      frozen_volume_l: compartments.frozenL,
      cost_per_km_fen: input.costPerKmFen ?? 0,
      cost_per_trip_fen: input.costPerTripFen ?? 0,
      available_count: input.availableCount,
      max_trips: input.maxTrips ?? 1,
      created_at: ctx.clock.now(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toVehicleType(row);
}

/**
 * Changes a vehicle type's capacities, compartments, costs or count; routes already planned keep
 * their plan. The temperature class follows the compartments (their coldest).
 */
export async function updateVehicleType(ctx: AppContext, operatorId: string, id: string, patch: In<typeof logistics.UpdateVehicleType>) {
  const current = found(
    await ctx.db.selectFrom('vehicle_types').selectAll().where('operator_id', '=', operatorId).where('id', '=', id).executeTakeFirst(),
    'vehicle type',
  );
  const touchesRoom = patch.capacityVolumeL !== undefined || patch.temperatureClass !== undefined || patch.compartments !== undefined;
  const compartments = touchesRoom
    ? vehicleCompartments(patch, {
        capacityVolumeL: current.capacity_volume_l,
        compartments: { chilledL: current.chilled_volume_l, frozenL: current.frozen_volume_l },
      })
    : undefined;
  const changes = defined({
    name: patch.name,
    capacity_weight_kg: patch.capacityWeightKg,
    capacity_volume_l: patch.capacityVolumeL,
    capacity_crates: patch.capacityCrates,
    temperature_class: compartments && coldestCompartment(compartments),
    chilled_volume_l: compartments?.chilledL,
    frozen_volume_l: compartments?.frozenL,
    cost_per_km_fen: patch.costPerKmFen,
    cost_per_trip_fen: patch.costPerTripFen,
    available_count: patch.availableCount,
    max_trips: patch.maxTrips,
    active: patch.active,
  });
  if (Object.keys(changes).length === 0) return toVehicleType(current);
  const row = await ctx.db.updateTable('vehicle_types').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  return toVehicleType(row);
}

/** The operator's drivers (own and carriers'; each logs in with their phone). */
export async function listDrivers(db: Executor, operatorId: string) {
  const rows = await db.selectFrom('drivers').selectAll().where('operator_id', '=', operatorId).orderBy('name').orderBy('id').execute();
  return { items: rows.map(toDriver) };
}

/** Registers a driver; their phone is their login. */
export async function createDriver(ctx: AppContext, operatorId: string, input: In<typeof logistics.CreateDriver>) {
  const row = await ctx.db
    .insertInto('drivers')
    .values({ id: newId('drv'), operator_id: operatorId, name: input.name, phone: input.phone, created_at: ctx.clock.now() })
    .onConflict((oc) => oc.columns(['operator_id', 'phone']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new AppError('CONFLICT', 'a driver with this phone already exists', { field: 'phone' });
  return toDriver(row);
}

/** Renames a driver, changes their phone, or deactivates them (they can no longer log in). */
export async function updateDriver(ctx: AppContext, operatorId: string, id: string, patch: In<typeof logistics.UpdateDriver>) {
  const current = found(
    await ctx.db.selectFrom('drivers').selectAll().where('operator_id', '=', operatorId).where('id', '=', id).executeTakeFirst(),
    'driver',
  );
  const changes = defined(patch);
  if (Object.keys(changes).length === 0) return toDriver(current);
  if (patch.phone && patch.phone !== current.phone) {
    const taken = await ctx.db
      .selectFrom('drivers')
      .select('id')
      .where('operator_id', '=', operatorId)
      .where('phone', '=', patch.phone)
      .executeTakeFirst();
    if (taken) throw new AppError('CONFLICT', 'a driver with this phone already exists', { field: 'phone' });
  }
  const row = await ctx.db.updateTable('drivers').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  if (patch.active === false) await revokeSessionsOf(ctx.db, ctx.clock.now(), operatorId, 'driver', id);
  return toDriver(row);
}
