import { describe, expect, it } from 'vitest';
import {
  type Route,
  type RouteStop,
  bundleTotals,
  canDepart,
  kg,
  lastArrival,
  mapLinks,
  routeProgress,
  stopActions,
  telLink,
} from '../src/areas/driver/route.ts';

const stop = (seq: number, status: RouteStop['status'], plannedArrivalAt: string | null = null): RouteStop => ({
  id: `stp_${seq}`,
  seq,
  goodsClasses: null,
  pickupPointId: `pp_${seq}`,
  pickupPointName: `自提点 ${seq}`,
  leaderName: `团长 ${seq}`,
  leaderPhone: `1390000000${seq}`,
  address: '长沙市',
  lat: 28.2,
  lng: 112.9,
  mapUrl: '',
  plannedArrivalAt,
  status,
  bundleId: `bdl:2026-11-22:pp_${seq}`,
  load: { weightG: 0, volumeMl: 0, crates: 1 },
  lines: [],
  temperatureClasses: [],
  insulatedBoxes: 0,
  lineChange: null,
});

describe('route progress', () => {
  it('counts confirmed and failed stops as done, handed-over ones as waiting for the leader', () => {
    const p = routeProgress({
      stops: [stop(1, 'confirmed'), stop(2, 'failed'), stop(3, 'handed_over'), stop(4, 'arrived'), stop(5, 'pending')],
    });
    expect(p).toMatchObject({ total: 5, done: 2, confirmed: 1, failed: 1, awaiting: 1, percent: 40 });
    expect(p.next?.seq).toBe(4);
  });
  it('finds the next stop in driving order whatever order the stops come in', () => {
    expect(routeProgress({ stops: [stop(3, 'pending'), stop(1, 'confirmed'), stop(2, 'pending')] }).next?.seq).toBe(2);
  });
  it('has no next stop once every stop is done or waiting, and 0 % for an empty route', () => {
    expect(routeProgress({ stops: [stop(1, 'confirmed'), stop(2, 'handed_over')] }).next).toBeNull();
    expect(routeProgress({ stops: [] })).toMatchObject({ total: 0, done: 0, percent: 0, next: null });
  });
  it('rounds the percentage', () => {
    expect(routeProgress({ stops: [stop(1, 'confirmed'), stop(2, 'pending'), stop(3, 'pending')] }).percent).toBe(33);
  });
});

describe('what the driver may do', () => {
  it('departs a published or loading route only', () => {
    const statuses: Route['status'][] = ['draft', 'published', 'loading', 'in_transit', 'completed', 'cancelled'];
    expect(statuses.filter((status) => canDepart({ status }))).toEqual(['published', 'loading']);
  });
  it('follows the stop lifecycle once the route is under way', () => {
    const onRoad = { status: 'in_transit' as const };
    expect(stopActions(onRoad, { status: 'pending' })).toEqual(['arrive', 'fail']);
    expect(stopActions(onRoad, { status: 'arrived' })).toEqual(['hand-over', 'fail']);
    expect(stopActions(onRoad, { status: 'handed_over' })).toEqual([]);
    expect(stopActions(onRoad, { status: 'confirmed' })).toEqual([]);
    expect(stopActions(onRoad, { status: 'failed' })).toEqual([]);
    expect(stopActions({ status: 'published' }, { status: 'pending' })).toEqual([]);
  });
});

describe('links', () => {
  it("opens Amap at the server's GCJ-02 link (not the raw GPS point) and a geo: fallback (lat first), the name encoded", () => {
    const mapUrl = `https://uri.amap.com/marker?position=112.965120,28.186440&name=${encodeURIComponent('雨花区·东塘 社区&店')}&coordinate=gaode`;
    const links = mapLinks({ lat: 28.19, lng: 112.96, pickupPointName: '雨花区·东塘 社区&店', mapUrl });
    expect(links.amap).toBe(mapUrl);
    expect(links.geo.startsWith('geo:28.19,112.96')).toBe(true);
  });
  it('dials digits only', () => {
    expect(telLink('139 0000-0001')).toBe('tel:13900000001');
    expect(telLink('+86 13900000001')).toBe('tel:+8613900000001');
  });
});

describe('figures', () => {
  it('totals a bundle and its last planned arrival', () => {
    expect(
      bundleTotals([
        { skuId: 'a', title: 'A', quantity: 3 },
        { skuId: 'b', title: 'B', quantity: 2 },
      ]),
    ).toEqual({ skus: 2, units: 5 });
    expect(
      lastArrival({ stops: [stop(1, 'pending', '2026-11-21T21:48:00Z'), stop(2, 'pending', '2026-11-22T00:54:00Z'), stop(3, 'pending')] }),
    ).toBe('2026-11-22T00:54:00Z');
    expect(lastArrival({ stops: [] })).toBeNull();
  });
  it('shows weight in kg', () => {
    expect(kg(86_400)).toBe('86 kg');
    expect(kg(3_140)).toBe('3.1 kg');
  });
});
