import { describe, expect, it } from 'vitest';
import {
  decideAttempt,
  type GateState,
  giveBack,
  sessionProblem,
  sessionState,
  settle,
  stateFromOrders,
} from '../src/modules/flashsale/flashsale.rules.ts';

const at = (hhmm: string) => new Date(`2026-11-20T${hhmm}:00Z`);

describe('a flash-sale session', () => {
  it.each([
    ['09:59', false, 'upcoming'],
    ['10:00', false, 'on'],
    ['10:59', false, 'on'],
    ['11:00', false, 'ended'],
    ['10:30', true, 'ended'],
  ] as const)('at %s (cancelled %s) is %s', (now, cancelled, state) => {
    expect(sessionState({ startsAt: at('10:00'), endsAt: at('11:00'), cancelled }, at(now))).toBe(state);
  });

  const line = { groupPriceFen: 1000, stockLeft: 50, cutoffAt: at('20:00') };
  const ok = { priceFen: 500, quantity: 50, perResidentLimit: 1, startsAt: at('10:00'), endsAt: at('11:00') };
  it.each([
    [{}, null],
    [{ priceFen: 1000 }, 'priceFen'],
    [{ endsAt: at('10:00') }, 'endsAt'],
    [{ endsAt: at('21:00') }, 'endsAt'],
    [{ startsAt: at('08:00'), endsAt: at('09:00') }, 'endsAt'],
    [{ quantity: 51 }, 'quantity'],
    [{ perResidentLimit: 51 }, 'perResidentLimit'],
  ] as const)('set up with %o: problem with %s', (change, field) => {
    expect(sessionProblem({ ...ok, ...change }, line, at('09:00'))?.field ?? null).toBe(field);
  });
  it('may take any quantity of a line without a stock limit, but lasts at most a day', () => {
    expect(sessionProblem({ ...ok, quantity: 10_000 }, { ...line, stockLeft: null }, at('09:00'))).toBeNull();
    expect(
      sessionProblem({ ...ok, endsAt: new Date(at('10:00').getTime() + 25 * 3600_000) }, { ...line, cutoffAt: at('10:00') }, at('09:00'))
        ?.field,
    ).toBe('endsAt');
  });
});

describe("the gate's decision", () => {
  const fresh = (left: number): GateState => ({ left, perResident: new Map(), keys: new Map(), held: new Map() });

  it('takes a unit per winning attempt, answers a key again with its order, then limits and sells out', () => {
    const s = fresh(2);
    const steps = [
      ['r1', 'k1', 'won'],
      ['r1', 'k1', 'repeat'],
      ['r1', 'k2', 'limit_reached'],
      ['r2', 'k3', 'won'],
      ['r3', 'k4', 'sold_out'],
    ] as const;
    for (const [resident, key, kind] of steps) expect(decideAttempt(s, resident, key, 1).kind).toBe(kind);
    expect(s.left).toBe(0);
    expect(decideAttempt(undefined, 'r1', 'k9', 1).kind).toBe('unloaded');
  });

  it("gives a unit back once per order it holds, and forgets an unwritten attempt's key", () => {
    const s = fresh(1);
    expect(decideAttempt(s, 'r1', 'k1', 1).kind).toBe('won');
    // The order was not written: the key is forgotten, the resident may try again.
    expect(giveBack(s, 'r1', 'k1', null)).toBe(true);
    expect(decideAttempt(s, 'r1', 'k1', 1).kind).toBe('won');
    settle(s, 'r1', 'k1', 'ord1');
    // The order expired unpaid: its unit comes back once, however often the return is told.
    expect(giveBack(s, 'r1', null, 'ord1')).toBe(true);
    expect(giveBack(s, 'r1', null, 'ord1')).toBe(false);
    expect(s.left).toBe(1);
    expect(s.perResident.get('r1')).toBeUndefined();
    expect(decideAttempt(s, 'r2', 'k2', 1).kind).toBe('won');
    expect(decideAttempt(s, 'r1', 'k1', 1)).toEqual({ kind: 'repeat', orderId: 'ord1' });
  });

  it('loaded from the orders, gives nothing back for an order they no longer hold', () => {
    const s = stateFromOrders(3, [
      { orderId: 'o1', residentId: 'r1' },
      { orderId: 'o2', residentId: 'r1' },
    ]);
    expect([s.left, s.perResident.get('r1')]).toEqual([1, 2]);
    // o3 was returned before the reload counted the orders: its late return changes nothing.
    expect(giveBack(s, 'r2', null, 'o3')).toBe(false);
    expect(giveBack(s, 'r1', null, 'o2')).toBe(true);
    expect([s.left, s.perResident.get('r1')]).toEqual([2, 1]);
  });
});
