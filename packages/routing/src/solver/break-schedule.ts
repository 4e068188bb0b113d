import type { Problem } from '../problem.ts';

/** The best schedule of a route with its driver's break, in time-warp terms. */
export interface BreakSchedule {
  /** Least duration from leaving the start depot to reaching the end depot, the break and waiting included. */
  duration: number;
  /** Time warp (lateness) the schedule cannot avoid. */
  warp: number;
  /** Start of the window of departure times achieving both. */
  early: number;
  /** Clients and reloads visited before the break (at least one); -1 when the route needs none (back by the window's end). */
  gap: number;
}

// Time segments (Vidal et al. 2013) of every prefix and suffix of the route, reused between calls.
let fDur = new Float64Array(64);
let fWarp = new Float64Array(64);
let fEarly = new Float64Array(64);
let fLate = new Float64Array(64);
let bDur = new Float64Array(64);
let bWarp = new Float64Array(64);
let bEarly = new Float64Array(64);
let bLate = new Float64Array(64);

function ensure(size: number): void {
  if (fDur.length >= size) return;
  const next = Math.max(size, fDur.length * 2);
  fDur = new Float64Array(next);
  fWarp = new Float64Array(next);
  fEarly = new Float64Array(next);
  fLate = new Float64Array(next);
  bDur = new Float64Array(next);
  bWarp = new Float64Array(next);
  bEarly = new Float64Array(next);
  bLate = new Float64Array(next);
}

/** Concatenation result, reused. */
const out = { dur: 0, warp: 0, early: 0, late: 0 };

/** Segment (d1, w1, e1, l1) followed, after `travel`, by segment (d2, w2, e2, l2). */
function concat(d1: number, w1: number, e1: number, l1: number, travel: number, d2: number, w2: number, e2: number, l2: number): void {
  const delta = d1 - w1 + travel;
  const wait = Math.max(e2 - delta - l1, 0);
  const extra = Math.max(e1 + delta - l2, 0);
  out.dur = d1 + d2 + travel + wait;
  out.warp = w1 + w2 + extra;
  out.early = Math.max(e2 - delta, e1) - wait;
  out.late = Math.min(l2 - delta, l1) + extra;
}

/**
 * Schedules route `nodes[0..len)` (clients and reload depots, without the start and end depot) of
 * a vehicle of `type` whose driver takes a break: `breakDuration[type]` long, starting within
 * [breakEarly, breakLate], wherever the vehicle is after its first visit — after a visit (before
 * driving on) or at the depot after a reload. A route back at its end depot by the window's end needs no break. Tries every place in
 * O(len) from prefix and suffix segments, keeping the least excess (warp plus time over the
 * duration limit), then the least duration; no break wins a tie, then the earliest place.
 */
export function scheduleWithBreak(p: Problem, type: number, nodes: ArrayLike<number>, len: number): BreakSchedule {
  ensure(len + 2);
  const n = p.nNodes;
  const start = p.startDepot[type]!;
  const end = p.endDepot[type]!;
  const maxDuration = p.maxDuration[type]!;
  const breakEarly = p.breakEarly[type]!;
  const breakLate = p.breakLate[type]!;
  const breakDuration = p.breakDuration[type]!;
  fDur[0] = 0;
  fWarp[0] = 0;
  fEarly[0] = p.shiftStart[type]!;
  fLate[0] = p.shiftEnd[type]!;
  let last = start;
  for (let i = 0; i < len; i++) {
    const x = nodes[i]!;
    concat(fDur[i]!, fWarp[i]!, fEarly[i]!, fLate[i]!, p.dur[last * n + x]!, p.service[x]!, 0, p.twEarly[x]!, p.twLate[x]!);
    fDur[i + 1] = out.dur;
    fWarp[i + 1] = out.warp;
    fEarly[i + 1] = out.early;
    fLate[i + 1] = out.late;
    last = x;
  }
  bDur[len] = 0;
  bWarp[len] = 0;
  bEarly[len] = p.shiftStart[type]!;
  bLate[len] = p.shiftEnd[type]!;
  let first = end;
  for (let i = len - 1; i >= 0; i--) {
    const x = nodes[i]!;
    concat(
      p.service[x]!,
      0,
      p.twEarly[x]!,
      p.twLate[x]!,
      p.dur[x * n + first]!,
      bDur[i + 1]!,
      bWarp[i + 1]!,
      bEarly[i + 1]!,
      bLate[i + 1]!,
    );
    bDur[i] = out.dur;
    bWarp[i] = out.warp;
    bEarly[i] = out.early;
    bLate[i] = out.late;
    first = x;
  }
  // No break: the whole route, then back at the end depot by the window's end.
  const lastNode = len > 0 ? nodes[len - 1]! : start;
  concat(
    fDur[len]!,
    fWarp[len]!,
    fEarly[len]!,
    fLate[len]!,
    p.dur[lastNode * n + end]!,
    bDur[len]!,
    bWarp[len]!,
    bEarly[len]!,
    bLate[len]!,
  );
  concat(out.dur, out.warp, out.early, out.late, 0, 0, 0, -Infinity, breakLate);
  let best: BreakSchedule = { duration: out.dur, warp: out.warp, early: out.early, gap: -1 };
  let bestExcess = out.warp + Math.max(0, out.dur - maxDuration);
  // Not before the first visit: resting at the depot before leaving is leaving later.
  for (let g = 1; g <= len; g++) {
    const here = nodes[g - 1]!;
    const next = g < len ? nodes[g]! : end;
    // Served the visit before, the driver rests there, then drives on.
    concat(fDur[g]!, fWarp[g]!, fEarly[g]!, fLate[g]!, 0, breakDuration, 0, breakEarly, breakLate);
    concat(out.dur, out.warp, out.early, out.late, p.dur[here * n + next]!, bDur[g]!, bWarp[g]!, bEarly[g]!, bLate[g]!);
    const excess = out.warp + Math.max(0, out.dur - maxDuration);
    if (excess < bestExcess - 1e-9 || (excess <= bestExcess + 1e-9 && out.dur < best.duration - 1e-9)) {
      best = { duration: out.dur, warp: out.warp, early: out.early, gap: g };
      bestExcess = excess;
    }
  }
  return best;
}
