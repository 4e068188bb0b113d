import type * as logistics from '@linli/contracts/logistics';
import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import { ApiError } from '../../../common/api.ts';
import { errorText } from '../../../common/i18n.ts';
import { api } from '../api.ts';
import './locales.ts';

export type Route = z.infer<typeof logistics.Route>;
export type RouteStop = z.infer<typeof logistics.RouteStop>;
export type RouteList = z.infer<typeof logistics.RouteList>;
export type RoutePlan = z.infer<typeof logistics.RoutePlan>;
export type Shortfall = z.infer<typeof logistics.Shortfall>;
export type UnroutedList = z.infer<typeof logistics.UnroutedList>;
export type UnroutedPoint = z.infer<typeof logistics.UnroutedPoint>;
export type UnroutedDecision = z.infer<typeof logistics.UnroutedDecision>;
export type Load = z.infer<typeof logistics.Load>;
export type Warehouse = z.infer<typeof logistics.Warehouse>;
export type VehicleType = z.infer<typeof logistics.VehicleType>;
export type Carrier = z.infer<typeof logistics.Carrier>;
export type Driver = z.infer<typeof logistics.Driver>;
export type StandingLine = z.infer<typeof logistics.StandingLine>;
export type LineChange = z.infer<typeof logistics.LineChange>;
export type LineChangeCode = z.infer<typeof logistics.LineChangeCode>;
export type DeliverySettings = z.infer<typeof logistics.DeliverySettings>;

/** The standing lines' queries (one per warehouse) and the delivery settings' query. */
export const standingLinesKey = ['admin', 'standing-lines'] as const;
export const deliverySettingsKey = ['admin', 'delivery-settings'] as const;

export const routeStatusColor: Record<Route['status'], string> = {
  draft: 'default',
  published: 'blue',
  loading: 'purple',
  in_transit: 'processing',
  completed: 'green',
  cancelled: 'red',
};

/** How full a route is per dimension, in percent of the vehicle's capacity. */
export function loadPercent(load: Load, capacity: Load) {
  const pct = (used: number, cap: number) => (cap > 0 ? Math.round((used / cap) * 100) : 0);
  return {
    weight: pct(load.weightG, capacity.weightG),
    volume: pct(load.volumeMl, capacity.volumeMl),
    crates: pct(load.crates, capacity.crates),
  };
}

/** 1.2 t / 350 kg from grams; 1.5 m³ / 800 L from millilitres. */
export const weightText = (g: number) => (g >= 1_000_000 ? `${(g / 1_000_000).toFixed(1)} t` : `${Math.round(g / 1000)} kg`);
export const volumeText = (ml: number) => (ml >= 1_000_000 ? `${(ml / 1_000_000).toFixed(1)} m³` : `${Math.round(ml / 1000)} L`);

/** Bar colours of the route statuses (the timeline), matching the status tags. */
export const routeStatusFill: Record<Route['status'], string> = {
  draft: '#8c8c8c',
  published: '#1677ff',
  loading: '#722ed1',
  in_transit: '#08979c',
  completed: '#389e0d',
  cancelled: '#cf1322',
};

/** 05:30 in the operator's time zone (Asia/Shanghai) from an ISO instant. */
export function clock(iso: string | null): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false }).format(
    new Date(iso),
  );
}

/** When a route should be done and where its driver rests: shared with the driver app. */
export { breakSlot, lastArrival } from '../../../common/route-times.ts';

const coldness = { ambient: 0, chilled: 1, frozen: 2 } as const;

/** Whether a vehicle of a temperature class can carry goods of these classes (a colder vehicle carries warmer goods). */
export function canCarry(vehicle: VehicleType['temperatureClass'], goods: readonly VehicleType['temperatureClass'][]): boolean {
  return goods.every((g) => coldness[g] <= coldness[vehicle]);
}

/** Draft routes may be edited (reordered, stops moved, locked) and published. */
export const isDraft = (r: Route) => r.status === 'draft';

/**
 * The vehicle making a trip: its number in its warehouse's plan of the day, or the route itself
 * for a route planned as its own vehicle.
 */
export const vehicleKey = (r: Pick<Route, 'id' | 'vehicleNo' | 'warehouseId'>): string =>
  r.vehicleNo === null ? r.id : `vehicle-${r.warehouseId}-${r.vehicleNo}`;

/** The other trips of the vehicle making this route (none for a route planned as its own vehicle), by trip number. */
export function otherTrips(route: Route, routes: readonly Route[]): Route[] {
  if (route.vehicleNo === null) return [];
  return routes.filter((r) => r.id !== route.id && vehicleKey(r) === vehicleKey(route)).sort((a, b) => a.tripNo - b.tripNo);
}

/**
 * A failure of a route change in the user's language: a CONFLICT names what broke (capacity,
 * deadline, temperature, a busy driver or vehicle type); anything else reads as its code.
 */
export function routeErrorText(t: TFunction, err: unknown): string {
  if (err instanceof ApiError && err.code === 'CONFLICT') {
    const codes = err.details?.problemCodes as string[] | undefined;
    if (Array.isArray(codes) && codes.length) {
      return [...new Set(codes)].map((code) => t(`dispatch:problems.${code}`, { defaultValue: code })).join('；');
    }
    if (err.details?.field === 'driverId') return t('dispatch:problems.driverBusy');
    if (err.details?.field === 'vehicleTypeId') return t('dispatch:problems.vehiclesUsed');
  }
  return errorText(t, err);
}

/** Why the planner left a pickup point out, in the user's language, from its reason code and the goods' temperature class. */
export function unservedText(t: TFunction, u: { code: string; goods: string; reason: string }): string {
  const text = t(`dispatch:unserved.${u.code}`, { defaultValue: u.reason });
  return `${text}（${t(`dispatch:temp.${u.goods}`)}）`;
}

/** A warehouse's standing lines (none asked without a warehouse). */
export function useStandingLines(warehouseId: string | undefined) {
  return useQuery({
    queryKey: [...standingLinesKey, warehouseId],
    enabled: Boolean(warehouseId),
    queryFn: () => api.get<{ items: StandingLine[] }>('admin/standing-lines', { warehouseId }),
  });
}

/** The fleet lists (each small: no paging in the API). */
/** The fleet behind the routes; the drivers only for those who may see them (dispatchers). */
export function useFleet(options: { drivers?: boolean } = {}) {
  const warehouses = useQuery({ queryKey: ['admin', 'warehouses'], queryFn: () => api.get<{ items: Warehouse[] }>('admin/warehouses') });
  const vehicleTypes = useQuery({
    queryKey: ['admin', 'vehicle-types'],
    queryFn: () => api.get<{ items: VehicleType[] }>('admin/vehicle-types'),
  });
  const carriers = useQuery({ queryKey: ['admin', 'carriers'], queryFn: () => api.get<{ items: Carrier[] }>('admin/carriers') });
  const drivers = useQuery({
    queryKey: ['admin', 'drivers'],
    enabled: options.drivers ?? true,
    queryFn: () => api.get<{ items: Driver[] }>('admin/drivers'),
  });
  return { warehouses, vehicleTypes, carriers, drivers };
}
