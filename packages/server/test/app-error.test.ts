import { describe, expect, it } from 'vitest';
import { AppError } from '../src/platform/errors.ts';

const frames = (err: Error) => (err.stack ?? '').split('\n').filter((l) => l.trimStart().startsWith('at ')).length;

describe('AppError', () => {
  it.each(['FLASH_SALE_SOLD_OUT', 'NOT_FOUND', 'VALIDATION_FAILED'] as const)('a client error (%s) carries no stack frames', (code) => {
    const err = new AppError(code, 'refused');
    expect(err.status).toBeLessThan(500);
    expect(frames(err)).toBe(0);
    expect(err.stack).toContain('refused');
  });

  it.each(['INTERNAL', 'BUSY', 'PAYMENT_PROVIDER_FAILED'] as const)('a server error (%s) keeps its stack', (code) => {
    const err = new AppError(code, 'failed');
    expect(err.status).toBeGreaterThanOrEqual(500);
    expect(frames(err)).toBeGreaterThan(0);
  });

  it('leaves the stack limit of other errors as it was', () => {
    const before = Error.stackTraceLimit;
    new AppError('NOT_FOUND', 'gone');
    expect(Error.stackTraceLimit).toBe(before);
    expect(frames(new Error('plain'))).toBeGreaterThan(0);
  });
});
