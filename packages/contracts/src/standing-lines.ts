import { z } from 'zod';
import { DateOnly, Id, TemperatureClass, Timestamp } from './common.ts';

// ---- standing lines (固定线路) ----

export const LineChangeCode = z
  .enum(['capacity', 'time', 'cheaper', 'no_vehicle'])
  .describe(
    "why a point is not on its line's vehicle: capacity: it was full on every trip; time: it had room but could not keep the point's hours and the shift; cheaper: it could have taken it, but serving it otherwise saved more than the change cost; no_vehicle: no vehicle of the line's type was left",
  );

export const StandingLine = z.object({
  id: Id,
  warehouseId: Id,
  name: z.string(),
  vehicleTypeId: Id.describe("the line's vehicle: plans give one vehicle of this type to the line"),
  vehicleTypeName: z.string(),
  driverId: Id.nullable().describe("the line's driver, proposed when its routes are published"),
  driverName: z.string().nullable(),
  points: z
    .array(
      z.object({
        pickupPointId: Id,
        name: z.string(),
        seq: z.number().int(),
        goodsClass: TemperatureClass.nullable().describe("the point's goods of this class are on the line; null: all its goods"),
      }),
    )
    .describe('in driving order; a point split per temperature class may be on several lines, one per class'),
  updatedAt: Timestamp,
});
export const StandingLineList = z.object({ items: z.array(StandingLine) });
export const StandingLineQuery = z.strictObject({ warehouseId: Id });
export const SaveStandingLines = z.strictObject({
  warehouseId: Id,
  deliveryDate: DateOnly.describe("the date whose routes become the warehouse's lines, one per vehicle with its driver"),
});
export const UpdateStandingLine = z.strictObject({
  name: z.string().trim().min(1).max(40).optional(),
  driverId: Id.nullable().optional(),
});
/** A point a plan served off its standing line, and why. */
export const LineChange = z.object({
  pickupPointId: Id,
  lineId: Id,
  lineName: z.string(),
  code: LineChangeCode,
  reason: z.string().describe('the same in English, for people'),
});
