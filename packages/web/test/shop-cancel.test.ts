import { describe, expect, it } from 'vitest';
import { canCancel } from '../src/areas/shop/orders/cancel.ts';

describe('canCancel', () => {
  const until = '2026-11-20T14:00:00.000Z';
  it('allows cancelling before the time the server gives', () => {
    expect(canCancel({ cancellableUntil: until }, Date.parse(until) - 1)).toBe(true);
  });
  it('hides cancel from that time on', () => {
    expect(canCancel({ cancellableUntil: until }, Date.parse(until))).toBe(false);
  });
  it('hides cancel when the server says the order cannot be cancelled', () => {
    expect(canCancel({ cancellableUntil: null }, 0)).toBe(false);
  });
});
