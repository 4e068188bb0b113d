import { haversineMetres } from '@linli/routing';
import { describe, expect, it } from 'vitest';
import { amapNavigationLink } from '../src/modules/logistics/distance.amap.ts';
import { gcj02ToWgs84, outOfChina, wgs84ToGcj02 } from '../src/modules/logistics/distance.gcj02.ts';
import { mapLink } from '../src/modules/logistics/logistics.rules.ts';

const metres = (a: { lat: number; lng: number }, b: { lat: number; lng: number }) =>
  haversineMetres({ lat: a.lat, lon: a.lng }, { lat: b.lat, lon: b.lng });

describe('WGS-84 → GCJ-02', () => {
  // Published reference pairs: eviltransform's test table (Shanghai, Shenzhen, Beijing) and
  // gcoord's unit test (123°E 45°N), both implementations of the same datum.
  it.each([
    ['Shanghai', { lat: 31.1774276, lng: 121.5272106 }, { lat: 31.17530398364597, lng: 121.531541859215 }],
    ['Shenzhen', { lat: 22.543847, lng: 113.912316 }, { lat: 22.540796131694766, lng: 113.9171764808363 }],
    ['Beijing', { lat: 39.911954, lng: 116.377817 }, { lat: 39.91334545536069, lng: 116.38404722455657 }],
    ['123°E 45°N', { lat: 45, lng: 123 }, { lat: 45.00197815, lng: 123.00607541 }],
  ])('%s', (_name, wgs, gcj) => {
    const got = wgs84ToGcj02(wgs);
    expect(got.lat).toBeCloseTo(gcj.lat, 7);
    expect(got.lng).toBeCloseTo(gcj.lng, 7);
  });

  it('leaves points outside China as they are', () => {
    for (const p of [
      { lat: 52.52, lng: 13.405 }, // Berlin
      { lat: 45, lng: 183 },
      { lat: 1.29, lng: 103.85 - 40 },
    ]) {
      expect(outOfChina(p)).toBe(true);
      expect(wgs84ToGcj02(p)).toEqual(p);
      expect(gcj02ToWgs84(p)).toEqual(p);
    }
  });

  it('shifts by a few hundred metres in China (Changsha, where the demo city is)', () => {
    const wgs = { lat: 28.19, lng: 112.96 };
    const shift = metres(wgs, wgs84ToGcj02(wgs));
    expect(shift).toBeGreaterThan(200);
    expect(shift).toBeLessThan(800);
  });

  it('the approximate inverse comes back within 1 m, across China', () => {
    for (let lat = 18.5; lat <= 53; lat += 2.3) {
      for (let lng = 74; lng <= 134; lng += 3.7) {
        const wgs = { lat, lng };
        expect(metres(gcj02ToWgs84(wgs84ToGcj02(wgs)), wgs)).toBeLessThan(1);
      }
    }
    // and on the reference points, from their GCJ-02 side
    const back = gcj02ToWgs84({ lat: 31.17530398364597, lng: 121.531541859215 });
    expect(metres(back, { lat: 31.1774276, lng: 121.5272106 })).toBeLessThan(1);
  });
});

describe('AMap navigation links', () => {
  it('send the GCJ-02 position, marked as AMap coordinates', () => {
    const wgs = { lat: 31.1774276, lng: 121.5272106 };
    expect(amapNavigationLink(wgs, '东塘 社区&店')).toBe(
      `https://uri.amap.com/marker?position=121.531542,31.175304&name=${encodeURIComponent('东塘 社区&店')}&coordinate=gaode&callnative=1&src=linli`,
    );
    expect(amapNavigationLink(wgs)).toBe(
      'https://uri.amap.com/marker?position=121.531542,31.175304&coordinate=gaode&callnative=1&src=linli',
    );
  });

  it("the driver's map link (mapLink) converts the stored WGS-84 point instead of sending it raw", () => {
    const link = new URL(mapLink(28.19, 112.96, '雨花区·东塘'));
    expect(link.origin + link.pathname).toBe('https://uri.amap.com/marker');
    expect(link.searchParams.get('coordinate')).toBe('gaode');
    expect(link.searchParams.get('name')).toBe('雨花区·东塘');
    const [lng, lat] = link.searchParams.get('position')!.split(',').map(Number) as [number, number];
    const gcj = wgs84ToGcj02({ lat: 28.19, lng: 112.96 });
    expect(lat).toBeCloseTo(gcj.lat, 6);
    expect(lng).toBeCloseTo(gcj.lng, 6);
    expect(metres({ lat, lng }, { lat: 28.19, lng: 112.96 })).toBeGreaterThan(200);
  });
});
