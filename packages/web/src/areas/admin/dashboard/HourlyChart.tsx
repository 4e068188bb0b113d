import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { HourlySeries } from './hourly.ts';
import './locales.ts';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** Orders (bars, left axis) and GMV in yuan (line, right axis) for each hour of the day. */
export function HourlyChart({ series, height = 300 }: { series: HourlySeries; height?: number }) {
  const { t } = useTranslation('dashboard');
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!box.current) return;
    const c = echarts.init(box.current);
    chart.current = c;
    const resize = new ResizeObserver(() => c.resize());
    resize.observe(box.current);
    return () => {
      resize.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({
      color: ['#ff6a00', '#1677ff'],
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [t('chart.orders'), t('chart.gmv')] },
      grid: { left: 48, right: 64, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: series.hours, axisTick: { alignWithLabel: true } },
      yAxis: [
        { type: 'value', name: t('chart.orders'), minInterval: 1, splitLine: { lineStyle: { type: 'dashed' } } },
        { type: 'value', name: t('chart.gmv'), splitLine: { show: false } },
      ],
      series: [
        { name: t('chart.orders'), type: 'bar', data: series.orders, barMaxWidth: 18 },
        {
          name: t('chart.gmv'),
          type: 'line',
          yAxisIndex: 1,
          data: series.gmvYuan,
          smooth: 0.3,
          symbolSize: 5,
          tooltip: { valueFormatter: (v: unknown) => `¥${Number(v).toFixed(2)}` },
        },
      ],
    });
  }, [series, t]);

  return <div ref={box} style={{ width: '100%', height }} data-testid="dashboard-hourly" />;
}
