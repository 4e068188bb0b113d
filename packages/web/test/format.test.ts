import { describe, expect, it } from 'vitest';
import { countdown, maskPhone, yuan, yuanToFen } from '../src/common/format.ts';

describe('format', () => {
  it('shows fen as yuan with two decimals, negatives included', () => {
    expect(yuan(0)).toBe('¥0.00');
    expect(yuan(1234)).toBe('¥12.34');
    expect(yuan(5)).toBe('¥0.05');
    expect(yuan(-250)).toBe('-¥2.50');
  });
  it('reads yuan input to whole fen', () => {
    expect(yuanToFen('12.34')).toBe(1234);
    expect(yuanToFen('0.1')).toBe(10);
    expect(yuanToFen(19.99)).toBe(1999);
    expect(yuanToFen('abc')).toBeNaN();
  });
  it('masks the middle four digits of a mobile number', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPhone('123')).toBe('123');
  });
  it('counts down to a time and stops once it has passed', () => {
    const now = Date.parse('2026-11-22T10:00:00Z');
    expect(countdown('2026-11-22T11:02:03Z', now)).toEqual({ days: 0, text: '01:02:03' });
    expect(countdown('2026-11-24T10:00:01Z', now)).toEqual({ days: 2, text: '00:00:01' });
    expect(countdown('2026-11-22T10:00:00Z', now)).toBeNull();
  });
});
