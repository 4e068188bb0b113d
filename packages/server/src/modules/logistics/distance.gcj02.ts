/**
 * GCJ-02, the obfuscated datum Chinese map services (AMap, Tencent) require: WGS-84 shifted by a
 * published nonlinear offset of a few hundred metres. linli stores WGS-84 and converts only at the
 * boundary, when it sends coordinates to AMap or builds an AMap link. Outside mainland China (a
 * coarse box, as every implementation of the datum uses) the two are the same.
 */
import type { LatLng } from './distance.ts';

/** Krasovsky 1940 ellipsoid: semi-major axis and first eccentricity squared. */
const A = 6378245.0;
const EE = 0.006693421622965943;

export function outOfChina(p: LatLng): boolean {
  return p.lng < 72.004 || p.lng > 137.8347 || p.lat < 0.8293 || p.lat > 55.8271;
}

function shiftLat(x: number, y: number): number {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3;
  r += ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3;
  return r;
}

function shiftLng(x: number, y: number): number {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3;
  r += ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3;
  return r;
}

/** The GCJ-02 offset (degrees) at a WGS-84 position inside China. */
function offset(p: LatLng): LatLng {
  const x = p.lng - 105;
  const y = p.lat - 35;
  const radLat = (p.lat / 180) * Math.PI;
  const sin = Math.sin(radLat);
  const magic = 1 - EE * sin * sin;
  const sqrtMagic = Math.sqrt(magic);
  return {
    lat: (shiftLat(x, y) * 180) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI),
    lng: (shiftLng(x, y) * 180) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI),
  };
}

/** WGS-84 → GCJ-02 (exact: this is how the datum is defined). */
export function wgs84ToGcj02(p: LatLng): LatLng {
  if (outOfChina(p)) return { lat: p.lat, lng: p.lng };
  const d = offset(p);
  return { lat: p.lat + d.lat, lng: p.lng + d.lng };
}

/**
 * GCJ-02 → WGS-84, the approximate inverse: the offset varies slowly, so a few fixed-point steps
 * bring the round trip well under a metre (the datum has no closed-form inverse).
 */
export function gcj02ToWgs84(p: LatLng): LatLng {
  if (outOfChina(p)) return { lat: p.lat, lng: p.lng };
  let lat = p.lat;
  let lng = p.lng;
  for (let i = 0; i < 5; i++) {
    const there = wgs84ToGcj02({ lat, lng });
    const dLat = there.lat - p.lat;
    const dLng = there.lng - p.lng;
    lat -= dLat;
    lng -= dLng;
    if (Math.abs(dLat) < 1e-10 && Math.abs(dLng) < 1e-10) break;
  }
  return { lat, lng };
}
