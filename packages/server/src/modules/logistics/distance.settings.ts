import type { logistics } from '@linli/contracts';
import type { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { Executor } from '../../platform/db/database.ts';
import type { MapSettingsTable } from '../../platform/db/schema.logistics.ts';
import { AppError } from '../../platform/errors.ts';
import { DEFAULT_DETOUR_FACTOR, DEFAULT_SPEED_KMH, type DistanceLog, type DistanceProvider, haversineDistance } from './distance.ts';
import { AMAP_DEFAULT_URL, amapDistance } from './distance.amap.ts';
import { cachedDistance } from './distance.cache.ts';
import { osrmDistance } from './distance.osrm.ts';

export interface MapConfig {
  provider: MapSettingsTable['provider'];
  osrmUrl: string | null;
  amapKey: string | null;
  amapUrl: string | null;
  detourFactor: number;
  speedKmh: number;
}

/** An operator starts on the estimate: no map server to run or pay for. */
export const DEFAULT_MAP: MapConfig = {
  provider: 'estimate',
  osrmUrl: null,
  amapKey: null,
  amapUrl: null,
  detourFactor: DEFAULT_DETOUR_FACTOR,
  speedKmh: DEFAULT_SPEED_KMH,
};

/** The operator's map setting (the default until changed). */
export async function mapConfig(db: Executor, operatorId: string): Promise<MapConfig> {
  const row = await db.selectFrom('map_settings').selectAll().where('operator_id', '=', operatorId).executeTakeFirst();
  if (!row) return { ...DEFAULT_MAP };
  return {
    provider: row.provider,
    osrmUrl: row.osrm_url,
    amapKey: row.amap_key,
    amapUrl: row.amap_url,
    detourFactor: Number(row.detour_factor),
    speedKmh: Number(row.speed_kmh),
  };
}

/** The key's last four characters, the rest hidden: enough to tell keys apart, not to use one. */
export const maskKey = (key: string | null): string | null => (key ? `****${key.slice(-4)}` : null);

const view = (c: MapConfig): z.infer<typeof logistics.MapSettings> => ({
  provider: c.provider,
  osrmUrl: c.osrmUrl,
  amapUrl: c.amapUrl,
  amapKeyMasked: maskKey(c.amapKey),
  detourFactor: c.detourFactor,
  speedKmh: c.speedKmh,
});

export async function getMapSettings(db: Executor, operatorId: string) {
  return view(await mapConfig(db, operatorId));
}

/**
 * Changes where road distances come from; the next plan and every later route edit use it. A
 * provider needs its address (OSRM) or key (AMap), in this change or kept from before.
 */
export async function updateMapSettings(ctx: AppContext, operatorId: string, patch: z.infer<typeof logistics.UpdateMapSettings>) {
  const now = await mapConfig(ctx.db, operatorId);
  const next: MapConfig = {
    provider: patch.provider ?? now.provider,
    osrmUrl: patch.osrmUrl !== undefined ? patch.osrmUrl : now.osrmUrl,
    amapKey: patch.amapKey !== undefined ? patch.amapKey : now.amapKey,
    amapUrl: patch.amapUrl !== undefined ? patch.amapUrl : now.amapUrl,
    detourFactor: patch.detourFactor ?? now.detourFactor,
    speedKmh: patch.speedKmh ?? now.speedKmh,
  };
  if (next.provider === 'osrm' && !next.osrmUrl) {
    throw new AppError('VALIDATION_FAILED', 'the osrm provider needs osrmUrl, the address of the OSRM server', { field: 'osrmUrl' });
  }
  if (next.provider === 'amap' && !next.amapKey) {
    throw new AppError('VALIDATION_FAILED', 'the amap provider needs amapKey, a web service key of your AMap account', {
      field: 'amapKey',
    });
  }
  const values = {
    provider: next.provider,
    osrm_url: next.osrmUrl,
    amap_key: next.amapKey,
    amap_url: next.amapUrl,
    detour_factor: next.detourFactor,
    speed_kmh: next.speedKmh,
    updated_at: ctx.clock.now(),
  };
  await ctx.db
    .insertInto('map_settings')
    .values({ operator_id: operatorId, ...values })
    .onConflict((oc) => oc.column('operator_id').doUpdateSet(values))
    .execute();
  return view(next);
}

/**
 * The operator's distance provider. A map service's matrices are kept in memory per setting and
 * `day` (a delivery date), so re-planning a day, sizing a shortfall and re-timing edited routes
 * ask the service once; without a day nothing is kept. The estimate is computed each time (it is
 * cheap) and never fails.
 */
export async function distanceProviderFor(
  db: Executor,
  operatorId: string,
  options: { day?: string; log?: DistanceLog } = {},
): Promise<DistanceProvider> {
  const c = await mapConfig(db, operatorId);
  const fallback = { detourFactor: c.detourFactor, speedKmh: c.speedKmh };
  let inner: DistanceProvider;
  let scope: string;
  if (c.provider === 'osrm' && c.osrmUrl) {
    inner = osrmDistance({ baseUrl: c.osrmUrl, fallback, ...(options.log ? { log: options.log } : {}) });
    scope = `osrm ${c.osrmUrl}`;
  } else if (c.provider === 'amap' && c.amapKey) {
    const baseUrl = c.amapUrl ?? AMAP_DEFAULT_URL;
    inner = amapDistance({ key: c.amapKey, baseUrl, fallback, ...(options.log ? { log: options.log } : {}) });
    scope = `amap ${baseUrl}`;
  } else {
    return haversineDistance(fallback);
  }
  // Legs without a road take the estimate, so its parameters are part of what a matrix depends on.
  scope += ` ${c.detourFactor}/${c.speedKmh}`;
  return options.day ? cachedDistance(inner, { scope, day: options.day }) : inner;
}
