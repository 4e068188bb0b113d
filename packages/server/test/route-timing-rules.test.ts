import { describe, expect, it } from 'vitest';
import { keepBreak } from '../src/modules/logistics/route.timing.ts';

const at = (hhmm: string) => new Date(`2026-11-21T${hhmm}:00+08:00`);
const hhmm = (d: Date) => d.toLocaleTimeString('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit' });

describe('keepBreak: a route timed again keeps its driver break', () => {
  it.each([
    {
      why: 'between two stops: the later ones move by its length',
      arrivals: ['08:00', '08:30', '09:00'],
      rest: '08:20',
      breakAt: '08:20',
      after: ['08:00', '08:50', '09:20'],
    },
    {
      why: 'a stop under way then: the break waits for its service to end',
      arrivals: ['08:00', '08:15', '09:00'],
      rest: '08:20',
      breakAt: '08:25',
      after: ['08:00', '08:15', '09:20'],
    },
    { why: 'after every stop: nothing moves', arrivals: ['08:00', '08:30'], rest: '09:00', breakAt: '09:00', after: ['08:00', '08:30'] },
    { why: 'before every stop: they all move', arrivals: ['08:30', '09:00'], rest: '08:00', breakAt: '08:00', after: ['08:50', '09:20'] },
  ])('$why', ({ arrivals, rest, breakAt, after }) => {
    const out = keepBreak(arrivals.map(at), 600, { at: at(rest), minutes: 20 });
    expect(hhmm(out.breakAt)).toBe(breakAt);
    expect(out.arrivals.map(hhmm)).toEqual(after);
  });
});
