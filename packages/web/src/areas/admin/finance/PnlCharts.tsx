import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { fenToYuan } from '../../../common/format.ts';
import type { CategoryRow, PnlDay, PnlView } from './money.ts';

// Only the pieces the P&L draws (this file is loaded with the finance section alone); SVG keeps
// the bars crisp at any zoom and in print.
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

const palette = ['#ff6a00', '#1677ff', '#52c41a', '#faad14', '#722ed1'];

/** One ECharts chart that follows its container's width. */
function Chart({ option, height, testId }: { option: echarts.EChartsCoreOption; height: number; testId: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!ref.current) return;
    const c = echarts.init(ref.current);
    chart.current = c;
    const resize = new ResizeObserver(() => c.resize());
    resize.observe(ref.current);
    return () => {
      resize.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);
  return <div ref={ref} style={{ width: '100%', height }} data-testid={testId} />;
}

const money = (v: unknown) => `¥${Number(v).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** GMV and net revenue (bars) with the contribution (line), day by day (the axis names which day: pickup, booking or cash). */
export function TrendChart({ days, view = 'batch' }: { days: PnlDay[]; view?: PnlView }) {
  const { t } = useTranslation('finance');
  const option = useMemo<echarts.EChartsCoreOption>(
    () => ({
      color: palette,
      tooltip: { trigger: 'axis', valueFormatter: money },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 28 },
      xAxis: { type: 'category', name: t(`pnl.axis.${view}`), nameLocation: 'middle', nameGap: 24, data: days.map((d) => d.date.slice(5)) },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => `¥${v}` } },
      series: [
        { name: t('pnl.gmvFen'), type: 'bar', data: days.map((d) => fenToYuan(d.gmvFen)) },
        { name: t('pnl.netRevenueFen'), type: 'bar', data: days.map((d) => fenToYuan(d.netRevenueFen)) },
        { name: t('pnl.contributionFen'), type: 'line', data: days.map((d) => fenToYuan(d.contributionFen)) },
      ],
    }),
    [days, view, t],
  );
  return <Chart option={option} height={280} testId="pnl-trend" />;
}

/** Net revenue and gross margin per category, the largest first (horizontal bars). */
export function CategoryChart({ rows }: { rows: CategoryRow[] }) {
  const { t } = useTranslation('finance');
  const top = useMemo(() => rows.slice(0, 12).reverse(), [rows]);
  const option = useMemo<echarts.EChartsCoreOption>(
    () => ({
      color: palette,
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: money },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 36, bottom: 8 },
      xAxis: { type: 'value', axisLabel: { formatter: (v: number) => `¥${v}` } },
      yAxis: { type: 'category', data: top.map((r) => r.categoryName) },
      series: [
        { name: t('pnl.netRevenueFen'), type: 'bar', data: top.map((r) => fenToYuan(r.netRevenueFen)) },
        { name: t('pnl.grossMarginFen'), type: 'bar', data: top.map((r) => fenToYuan(r.grossMarginFen)) },
      ],
    }),
    [top, t],
  );
  return <Chart option={option} height={Math.max(220, 44 + top.length * 36)} testId="pnl-category" />;
}
