import { z } from 'zod';
import { defineEvents, eventFields } from '../../platform/events.ts';

const { date, fen, quantity } = eventFields;

/** Logistics' events: a route published to its driver, a handover at a pickup point, a route completed. */
export const logisticsEvents = defineEvents({
  /** A planned route went to its driver (dispatch.service.ts). */
  'route.published': z.object({
    routeId: z.string(),
    deliveryDate: date,
    vehicleTypeId: z.string(),
    driverId: z.string(),
    carrierId: z.string().nullable(),
    stops: z.array(z.object({ stopId: z.string(), pickupPointId: z.string(), seq: z.number().int() })),
  }),
  /** A leader confirmed a stop's goods (handover.service.ts); the units short, and who is to blame. */
  'handover.confirmed': z.object({
    handoverId: z.string(),
    routeId: z.string(),
    pickupPointId: z.string(),
    discrepancies: z.array(
      z.object({ skuId: z.string(), expected: quantity, received: quantity, blame: z.enum(['warehouse', 'driver']).nullable() }),
    ),
  }),
  /** Every stop of a route confirmed or failed (delivery.service.ts): the trip's cost, owed to its carrier or the own fleet. */
  'route.completed': z.object({
    routeId: z.string(),
    deliveryDate: date,
    driverId: z.string().nullable(),
    carrierId: z.string().nullable(),
    vehicleTypeId: z.string(),
    stopsDelivered: quantity,
    distanceMeters: z.number().min(0),
    costFen: fen.min(0),
    /** How the cost was reached: the carrier's rate card as applied, or the own fleet's rates. */
    rateCard: z.record(z.string(), z.unknown()),
  }),
});

export type LogisticsEvents = typeof logisticsEvents;
export type RoutePublished = z.output<LogisticsEvents['route.published']>;
export type HandoverConfirmed = z.output<LogisticsEvents['handover.confirmed']>;
export type RouteCompleted = z.output<LogisticsEvents['route.completed']>;
