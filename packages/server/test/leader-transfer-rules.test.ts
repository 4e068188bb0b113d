import { describe, expect, it } from 'vitest';
import {
  type Candidate,
  DEFAULT_TARGET_RULES,
  haversineMeters,
  ineligibility,
  proposeTarget,
  rankTargets,
  waitingFor,
} from '../src/modules/leader-transfer/leader-transfer.rules.ts';

const from = { lat: 28.2, lng: 112.97 };
/** A candidate `dLat` degrees north of the leaving point (1e-3 degree ≈ 111 m). */
const at = (pointId: string, dLat: number, leaderLevel: number, more: Partial<Candidate> = {}): Candidate => ({
  pointId,
  leaderId: `ldr_${pointId}`,
  lat: from.lat + dLat,
  lng: from.lng,
  open: true,
  leaderActive: true,
  leaderLevel,
  ...more,
});

describe('haversine distance', () => {
  it.each([
    ['the same place', from, from, 0],
    ['0.01° of latitude', from, { lat: 28.21, lng: 112.97 }, 1112],
    ['0.01° of longitude at 28.2°N', from, { lat: 28.2, lng: 112.98 }, 980],
    ['Changsha to Wuhan', { lat: 28.2282, lng: 112.9388 }, { lat: 30.5928, lng: 114.3055 }, 294_000],
  ])('%s', (_, a, b, metres) => {
    expect(Math.abs(haversineMeters(a, b) - metres)).toBeLessThanOrEqual(metres / 500 + 1);
    expect(haversineMeters(a, b)).toBe(haversineMeters(b, a));
  });
});

describe('which point takes a leaving leader’s members', () => {
  const leaving = 'ldr_leaving';
  it.each<[string, Candidate[], string[], string | undefined]>([
    ['the nearest, all else equal', [at('far', 0.008, 1), at('near', 0.005, 1)], [], 'near'],
    ['a higher level within the same distance band', [at('near', 0.002, 1), at('better', 0.008, 3)], [], 'better'],
    ['the nearer band before a higher level', [at('band0', 0.008, 1), at('band1', 0.011, 5)], [], 'band0'],
    ['not a closed point', [at('closed', 0.001, 5, { open: false }), at('open', 0.004, 1)], [], 'open'],
    ['not a suspended leader’s point', [at('susp', 0.001, 5, { leaderActive: false }), at('ok', 0.004, 1)], [], 'ok'],
    ['not the leaving leader’s other point', [at('own', 0.001, 5, { leaderId: leaving }), at('other', 0.004, 1)], [], 'other'],
    ['not a leader on probation (excluded)', [at('prob', 0.001, 5), at('good', 0.004, 1)], ['ldr_prob'], 'good'],
    ['none farther than the limit', [at('far', 0.05, 5)], [], undefined],
    ['none at all', [], [], undefined],
    ['equal band, level and distance: the smaller id', [at('b', 0.003, 2), at('a', 0.003, 2)], [], 'a'],
  ])('%s', (_, candidates, excluded, expected) => {
    expect(proposeTarget(from, leaving, candidates, new Set(excluded))?.pointId).toBe(expected);
  });

  it('ranks every good point in the same total order whatever the input order', () => {
    const all = [
      at('a', 0.002, 1),
      at('b', 0.008, 4),
      at('c', 0.012, 2),
      at('d', 0.013, 2),
      at('e', 0.03, 9),
      at('f', 0.001, 1, { open: false }),
    ];
    const ranked = rankTargets(from, leaving, all).map((c) => c.pointId);
    expect(ranked).toEqual(['b', 'a', 'c', 'd', 'e']);
    expect(rankTargets(from, leaving, [...all].reverse()).map((c) => c.pointId)).toEqual(ranked);
    expect(rankTargets(from, leaving, all, new Set(), { ...DEFAULT_TARGET_RULES, maxMeters: 1_400 }).map((c) => c.pointId)).toEqual([
      'b',
      'a',
      'c',
    ]);
  });

  it.each<[string, Partial<Candidate>, string[], ReturnType<typeof ineligibility>]>([
    ['open, active, another leader', {}, [], undefined],
    ['closed', { open: false }, [], 'closed'],
    ['suspended leader', { leaderActive: false }, [], 'leader_inactive'],
    ['the leaving leader', { leaderId: leaving }, [], 'same_leader'],
    ['excluded', {}, ['ldr_x'], 'excluded'],
  ])('a target is refused when %s', (_, more, excluded, why) => {
    expect(ineligibility(at('x', 0.001, 1, more), leaving, new Set(excluded))).toBe(why);
  });
});

describe('what a confirmed removal waits for', () => {
  it.each([
    [{ openOrders: 0, pendingFen: 0, pendingOrders: 0, availableFen: 0 }, []],
    [{ openOrders: 2, pendingFen: 0, pendingOrders: 0, availableFen: 0 }, ['open_orders']],
    [{ openOrders: 0, pendingFen: 300, pendingOrders: 1, availableFen: 0 }, ['pending_commission']],
    [{ openOrders: 0, pendingFen: 0, pendingOrders: 1, availableFen: 0 }, ['pending_commission']],
    [{ openOrders: 0, pendingFen: 0, pendingOrders: 0, availableFen: 1500 }, ['available_commission']],
    [{ openOrders: 0, pendingFen: 0, pendingOrders: 0, availableFen: -200 }, []],
    [{ openOrders: 1, pendingFen: 10, pendingOrders: 1, availableFen: 5 }, ['open_orders', 'pending_commission', 'available_commission']],
  ])('%o → %o', (state, expected) => {
    expect(waitingFor(state)).toEqual(expected);
  });
});
