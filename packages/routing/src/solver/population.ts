import type { Problem } from '../problem.ts';
import type { Individual } from './individual.ts';
import type { Rng } from './rng.ts';

/** Population sizes and diversity weighting of HGS-CVRP (Vidal 2022, table of parameters). */
export const POPULATION = {
  minSize: 25,
  generationSize: 40,
  elite: 4,
  closest: 5,
};

/**
 * Feasible and infeasible sub-populations kept sorted by penalised cost. Survivors are
 * chosen by biased fitness (cost rank plus weighted diversity rank), clones first out.
 */
export class Population {
  private readonly p: Problem;
  private readonly rng: Rng;
  feasible: Individual[] = [];
  infeasible: Individual[] = [];

  constructor(p: Problem, rng: Rng) {
    this.p = p;
    this.rng = rng;
  }

  get size(): number {
    return this.feasible.length + this.infeasible.length;
  }

  clear(): void {
    // Dropping the proximity lists lets removed solutions be collected even while the best
    // one is still referenced elsewhere (lists would otherwise chain old solutions together).
    for (const ind of [...this.feasible, ...this.infeasible]) ind.proximity = [];
    this.feasible = [];
    this.infeasible = [];
  }

  add(ind: Individual): void {
    const sub = ind.feasible ? this.feasible : this.infeasible;
    for (const other of sub) {
      const distance = ind.distanceTo(other, this.p);
      insertSorted(ind.proximity, other, distance);
      insertSorted(other.proximity, ind, distance);
    }
    let at = sub.findIndex((o) => o.penalisedCost > ind.penalisedCost);
    if (at < 0) at = sub.length;
    sub.splice(at, 0, ind);
    if (sub.length > POPULATION.minSize + POPULATION.generationSize) {
      while (sub.length > POPULATION.minSize) this.removeWorst(sub);
    }
  }

  /** Re-sorts the infeasible sub-population after its penalised costs changed. */
  resortInfeasible(): void {
    this.infeasible.sort((a, b) => a.penalisedCost - b.penalisedCost);
  }

  /** Binary tournament on biased fitness over both sub-populations. */
  select(): Individual {
    this.updateBiasedFitness(this.feasible);
    this.updateBiasedFitness(this.infeasible);
    const pick = () => {
      const i = this.rng.below(this.size);
      return i < this.feasible.length ? this.feasible[i]! : this.infeasible[i - this.feasible.length]!;
    };
    const a = pick();
    const b = pick();
    return a.biasedFitness < b.biasedFitness ? a : b;
  }

  private averageClosest(ind: Individual): number {
    const k = Math.min(POPULATION.closest, ind.proximity.length);
    if (k === 0) return 0;
    let total = 0;
    for (let i = 0; i < k; i++) total += ind.proximity[i]!.distance;
    return total / k;
  }

  private updateBiasedFitness(sub: Individual[]): void {
    const size = sub.length;
    if (size === 0) return;
    if (size === 1) {
      sub[0]!.biasedFitness = 0;
      return;
    }
    const byDiversity = sub.map((ind, rank) => ({ rank, diversity: this.averageClosest(ind) }));
    byDiversity.sort((a, b) => b.diversity - a.diversity);
    const eliteWeight = size <= POPULATION.elite ? 0 : 1 - POPULATION.elite / size;
    byDiversity.forEach((entry, divRank) => {
      sub[entry.rank]!.biasedFitness = entry.rank / (size - 1) + eliteWeight * (divRank / (size - 1));
    });
  }

  private removeWorst(sub: Individual[]): void {
    this.updateBiasedFitness(sub);
    let worst = -1;
    let worstIsClone = false;
    let worstFitness = -Infinity;
    for (let i = 1; i < sub.length; i++) {
      const ind = sub[i]!;
      const isClone = ind.proximity.length > 0 && ind.proximity[0]!.distance < 1e-9;
      if ((isClone && !worstIsClone) || (isClone === worstIsClone && ind.biasedFitness > worstFitness)) {
        worst = i;
        worstIsClone = isClone;
        worstFitness = ind.biasedFitness;
      }
    }
    const [removed] = sub.splice(worst, 1);
    for (const other of sub) {
      const at = other.proximity.findIndex((e) => e.other === removed);
      if (at >= 0) other.proximity.splice(at, 1);
    }
    removed!.proximity = [];
  }
}

function insertSorted(list: { other: Individual; distance: number }[], other: Individual, distance: number): void {
  let at = list.findIndex((e) => e.distance > distance);
  if (at < 0) at = list.length;
  list.splice(at, 0, { other, distance });
}
