/**
 * Leader performance (团长绩效): KPIs per leader and period, levels with thresholds and their
 * commission tier, rewards and penalties posted as commission adjustments, rankings per
 * warehouse, probation of the ranking's tail, and the period close that does it all once.
 *
 * The module's public face: other modules, the app and the demo import only this file.
 */
export { computeKpis } from './kpis.report.ts';
export { KPI_CATALOGUE, lastClosedPeriod, periodLabel, periodOf, previousPeriod } from './performance.rules.ts';
export type { KpiCode, LevelDefinition, Period, PeriodKind, RewardRule } from './performance.rules.ts';
export { closePeriod, createRule, postRewards, saveLevels, updateSettings } from './performance.service.ts';
export type { CloseSummary } from './performance.service.ts';
export { closeDuePeriods, setupLeaderPerformance } from './performance.setup.ts';
export { leadersOnProbation } from './performance.queries.ts';
