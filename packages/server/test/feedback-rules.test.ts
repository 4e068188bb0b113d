import { describe, expect, it } from 'vitest';
import {
  assertComplaintTransition,
  assertMayAppeal,
  assertMayComplain,
  assertMayRate,
  averageScore,
  complaintTransitions,
  MAX_APPEALS,
  OPEN_STATES,
  rate,
  resolveTarget,
} from '../src/modules/feedback/feedback.rules.ts';
import type { OrderStatus } from '../src/platform/db/schema.ts';
import type { ComplaintState } from '../src/platform/db/schema.feedback.ts';
import { AppError } from '../src/platform/errors.ts';

const STATES: ComplaintState[] = ['open', 'assigned', 'resolved', 'appealed'];
const ORDER_STATES: OrderStatus[] = ['pending_payment', 'paid', 'allocated', 'delivered', 'picked_up', 'cancelled', 'expired', 'refunded'];

const codeOf = (f: () => void): string | null => {
  try {
    f();
    return null;
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
};

describe('complaint lifecycle', () => {
  // Every pair of states, the move allowed or not: the table as a table.
  it.each([
    ['open', 'open', false],
    ['open', 'assigned', true],
    ['open', 'resolved', true],
    ['open', 'appealed', false],
    ['assigned', 'open', false],
    ['assigned', 'assigned', true],
    ['assigned', 'resolved', true],
    ['assigned', 'appealed', false],
    ['resolved', 'open', false],
    ['resolved', 'assigned', false],
    ['resolved', 'resolved', false],
    ['resolved', 'appealed', true],
    ['appealed', 'open', false],
    ['appealed', 'assigned', true],
    ['appealed', 'resolved', true],
    ['appealed', 'appealed', false],
  ] as Array<[ComplaintState, ComplaintState, boolean]>)('%s → %s allowed: %s', (from, to, allowed) => {
    expect(codeOf(() => assertComplaintTransition(from, to))).toBe(allowed ? null : 'INVALID_STATE');
  });

  it('the table covers every state, nothing goes back to open, and the open states are those that lead to resolved', () => {
    expect(Object.keys(complaintTransitions).sort()).toEqual([...STATES].sort());
    for (const s of STATES) expect(complaintTransitions[s]).not.toContain('open');
    expect([...OPEN_STATES].sort()).toEqual(STATES.filter((s) => complaintTransitions[s].includes('resolved')).sort());
  });

  it.each([
    ['resolved', 0, null],
    ['resolved', MAX_APPEALS, 'INVALID_STATE'],
    ['open', 0, 'INVALID_STATE'],
    ['assigned', 0, 'INVALID_STATE'],
    ['appealed', 1, 'INVALID_STATE'],
  ] as Array<[ComplaintState, number, string | null]>)('appeal from %s after %i appeals: %s', (state, appeals, code) => {
    expect(codeOf(() => assertMayAppeal({ state, appeals }))).toBe(code);
  });
});

describe('who may rate and complain', () => {
  const me = 'res_me';
  it.each(ORDER_STATES.map((s) => [s, s === 'picked_up' ? null : 'INVALID_STATE'] as const))('rate an own %s order: %s', (status, code) => {
    expect(codeOf(() => assertMayRate(me, { residentId: me, status }, false))).toBe(code);
  });
  it.each(ORDER_STATES.map((s) => [s, s === 'picked_up' || s === 'delivered' ? null : 'INVALID_STATE'] as const))(
    'complain about an own %s order: %s',
    (status, code) => {
      expect(codeOf(() => assertMayComplain(me, { residentId: me, status }))).toBe(code);
    },
  );
  it.each([
    ['someone else’s picked-up order', { residentId: 'res_other', status: 'picked_up' as const }, false, 'NOT_FOUND'],
    ['an unknown order', undefined, false, 'NOT_FOUND'],
    ['an order rated already', { residentId: me, status: 'picked_up' as const }, true, 'CONFLICT'],
    ['a picked-up order not rated yet', { residentId: me, status: 'picked_up' as const }, false, null],
  ])('rate %s: %s', (_name, order, rated, code) => {
    expect(codeOf(() => assertMayRate(me, order, rated))).toBe(code);
    if (code === 'NOT_FOUND') expect(codeOf(() => assertMayComplain(me, order))).toBe('NOT_FOUND');
  });
});

describe('complaint targets from the order', () => {
  const one = {
    leaderId: 'ldr_1',
    lineSuppliers: new Map([
      ['oln_1', 'sup_a'],
      ['oln_2', 'sup_a'],
    ]),
    driverId: 'drv_1',
  };
  const two = {
    leaderId: 'ldr_1',
    lineSuppliers: new Map([
      ['oln_1', 'sup_a'],
      ['oln_2', 'sup_b'],
    ]),
    driverId: null,
  };
  it.each([
    ['leader', one, undefined, { targetId: 'ldr_1', orderLineId: null }],
    ['driver', one, undefined, { targetId: 'drv_1', orderLineId: null }],
    ['driver', two, undefined, 'INVALID_STATE'],
    ['supplier', one, undefined, { targetId: 'sup_a', orderLineId: null }],
    ['supplier', two, undefined, 'VALIDATION_FAILED'],
    ['supplier', two, 'oln_2', { targetId: 'sup_b', orderLineId: 'oln_2' }],
    ['supplier', two, 'oln_9', 'VALIDATION_FAILED'],
  ] as const)('%s of an order (line %s)', (kind, targets, line, want) => {
    if (typeof want === 'string') expect(codeOf(() => resolveTarget(kind, targets, line))).toBe(want);
    else expect(resolveTarget(kind, targets, line)).toEqual(want);
  });
});

describe('rates arithmetic', () => {
  it.each([
    [1, 20, 0.05],
    [0, 20, 0],
    [1, 3, 0.3333],
    [2, 3, 0.6667],
    [3, 0, null],
    [0, 0, null],
    [5, 4, 1.25],
  ])('%i of %i is %s', (count, of, want) => {
    expect(rate(count, of)).toBe(want);
  });
  it.each([
    [9, 2, 4.5],
    [13, 3, 4.33],
    [5, 1, 5],
    [0, 0, null],
  ])('score sum %i over %i ratings averages %s', (sum, n, want) => {
    expect(averageScore(sum, n)).toBe(want);
  });
});
