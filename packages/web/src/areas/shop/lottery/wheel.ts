/** The wheel's geometry: each prize a sector as wide as its odds, in the odds table's order. */

export interface Sector {
  id: string;
  /** Degrees clockwise from the top where the sector starts and ends. */
  from: number;
  to: number;
}

/** A prize of weight 0 is never drawn and gets no sector. */
export function sectors(prizes: ReadonlyArray<{ id: string; weightBp: number }>): Sector[] {
  const total = prizes.reduce((s, p) => s + p.weightBp, 0) || 1;
  let at = 0;
  const out: Sector[] = [];
  for (const p of prizes) {
    if (p.weightBp <= 0) continue;
    const width = (p.weightBp / total) * 360;
    out.push({ id: p.id, from: at, to: at + width });
    at += width;
  }
  return out;
}

const COLORS = ['#ffe7ba', '#fff1f0', '#fffbe6', '#f6ffed', '#e6f4ff', '#f9f0ff'];

/** The wheel's face as a CSS conic gradient. */
export function wheelBackground(list: readonly Sector[]): string {
  if (list.length === 0) return '#f5f5f5';
  return `conic-gradient(${list.map((s, i) => `${COLORS[i % COLORS.length]} ${s.from}deg ${s.to}deg`).join(', ')})`;
}

/**
 * The wheel's rotation to bring a prize's sector under the pointer at the top: turns more than
 * `previous` by whole turns plus the offset, so it always spins forward.
 */
export function rotationFor(list: readonly Sector[], prizeId: string, previous: number): number {
  const s = list.find((x) => x.id === prizeId);
  const middle = s ? (s.from + s.to) / 2 : 0;
  const target = (360 - middle) % 360;
  const base = Math.ceil(previous / 360) * 360 + 4 * 360;
  return base + target;
}
