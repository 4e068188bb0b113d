import * as performance from '@linli/contracts/performance';
import { useQuery } from '@tanstack/react-query';
import { NoticeBar, ProgressBar } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { yuan } from '../../../common/format.ts';
import { QueryState } from '../../../mobile/QueryState.tsx';
import { api } from '../api.ts';
import { Page } from '../Page.tsx';
import { kpiText } from './kpi.ts';

/** 我的等级: my level and why, progress to the next, the last period's KPIs, my rank in my warehouse, rewards and probation. */
export default function PerformancePage() {
  const { t } = useTranslation();
  const mine = useQuery({
    queryKey: ['leader', 'performance'],
    queryFn: async () => performance.MyPerformance.parse(await api.get('leader/performance')),
  });
  const ranking = useQuery({
    queryKey: ['leader', 'performance', 'ranking'],
    queryFn: async () => performance.MyRanking.parse(await api.get('leader/performance/ranking')),
  });
  return (
    <Page title={t('performance.title')} back>
      <QueryState query={mine}>
        {(me) => {
          const unitOf = (code: string) => me.catalogue.find((k) => k.code === code)?.unit;
          const sign = (c: { comparator: string }) => (c.comparator === 'gte' ? '≥' : '≤');
          return (
            <>
              {me.probation && (
                <NoticeBar
                  color="alert"
                  wrap
                  content={t('performance.probation', { n: me.probation.tailStreak })}
                  data-testid="perf-probation"
                />
              )}
              <div className="ll-card lh-commission" data-testid="perf-level">
                <div className="lh-card-title">{t('performance.level')}</div>
                <div className="lh-commission-today" data-testid="perf-level-name">
                  {me.levelName ?? `L${me.level}`}
                </div>
                {me.commissionRateBp !== null && (
                  <div className="ll-muted">{t('performance.rate', { rate: kpiText('bp', me.commissionRateBp) })}</div>
                )}
                {me.period && <div className="ll-muted">{t('performance.period', { label: me.period.label })}</div>}
              </div>
              {me.current.length > 0 && (
                <div className="ll-card" data-testid="perf-why">
                  <div className="lh-card-title">{t('performance.why')}</div>
                  {me.current.map((c) => (
                    <div key={c.kpi} className="ll-row">
                      <span>{t(`performance.kpi.${c.kpi}`)}</span>
                      <span className={c.met ? '' : 'll-muted'}>
                        {kpiText(unitOf(c.kpi), c.value)} {sign(c)} {kpiText(unitOf(c.kpi), c.threshold)} {c.met ? '✓' : '✗'}
                      </span>
                    </div>
                  ))}
                  {me.result && me.result.missedStreak > 0 && (
                    <div className="ll-muted">{t('performance.grace', { n: me.result.missedStreak })}</div>
                  )}
                </div>
              )}
              <div className="ll-card" data-testid="perf-next">
                <div className="lh-card-title">
                  {me.next
                    ? t('performance.next', { name: me.next.name, rate: kpiText('bp', me.next.commissionRateBp) })
                    : t('performance.top')}
                </div>
                {me.next?.checks.map((c) => {
                  const percent =
                    c.value === null
                      ? 0
                      : c.comparator === 'gte'
                        ? c.threshold === 0
                          ? 100
                          : Math.min(100, (c.value / c.threshold) * 100)
                        : c.met
                          ? 100
                          : 0;
                  return (
                    <div key={c.kpi} style={{ marginBottom: 8 }}>
                      <div className="ll-row">
                        <span>{t(`performance.kpi.${c.kpi}`)}</span>
                        <span>
                          {kpiText(unitOf(c.kpi), c.value)} / {sign(c)} {kpiText(unitOf(c.kpi), c.threshold)}
                        </span>
                      </div>
                      <ProgressBar percent={percent} />
                    </div>
                  );
                })}
                {me.next && <div className="ll-muted">{t('performance.nextHint')}</div>}
              </div>
              <div className="ll-card" data-testid="perf-kpis">
                <div className="lh-card-title">{t('performance.kpis')}</div>
                {me.catalogue
                  .filter((k) => me.kpis[k.code] !== undefined)
                  .map((k) => (
                    <div key={k.code} className="ll-row">
                      <span>{t(`performance.kpi.${k.code}`)}</span>
                      <span>{kpiText(k.unit, me.kpis[k.code])}</span>
                    </div>
                  ))}
                {Object.keys(me.kpis).length === 0 && <div className="ll-muted">{t('performance.noPeriod')}</div>}
              </div>
              {me.rewards.length > 0 && (
                <div className="ll-card" data-testid="perf-rewards">
                  <div className="lh-card-title">{t('performance.rewards')}</div>
                  {me.rewards.map((r) => (
                    <div key={`${r.ruleId}/${r.periodStart}`} className="ll-row" data-testid="perf-reward" data-kind={r.kind}>
                      <span>
                        {r.label} {t(`performance.kpi.${r.kpi}`)}
                      </span>
                      <span>{r.kind === 'bonus' ? `+${yuan(r.amountFen)}` : `-${yuan(r.amountFen)}`}</span>
                    </div>
                  ))}
                </div>
              )}
            </>
          );
        }}
      </QueryState>
      <QueryState query={ranking}>
        {(r) => (
          <div className="ll-card" data-testid="perf-ranking">
            <div className="lh-card-title">
              {r.period ? t('performance.ranking', { label: r.period.label }) : t('performance.ranking', { label: '' })}
            </div>
            {r.rows.length === 0 && <div className="ll-muted">{t('performance.noPeriod')}</div>}
            {r.rows.map((row) => (
              <div
                key={`${row.rank}/${row.leaderId || row.leaderName}`}
                className="ll-row"
                style={row.mine ? { fontWeight: 600 } : undefined}
                data-testid={row.mine ? 'perf-my-rank' : undefined}
              >
                <span>
                  {row.rank}. {row.anonymous ? t('performance.anonymous') : row.leaderName}
                  {row.mine ? ` ${t('performance.me')}` : ''}
                </span>
                <span>{row.score / 100}</span>
              </div>
            ))}
          </div>
        )}
      </QueryState>
    </Page>
  );
}
