import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Col, DatePicker, Empty, Row, Segmented, Space, Statistic, Table, Tabs, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { businessToday, yuan } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { api } from '../api.ts';
import { CategoryChart, TrendChart } from './PnlCharts.tsx';
import {
  type CategoryRow,
  daysIn,
  headlineKeys,
  marginText,
  PNL_MAX_DAYS,
  PNL_VIEWS,
  type Pnl,
  type PnlView,
  pnlPeriod,
  pnlView,
  type SkuRow,
} from './money.ts';
import { LoadError } from '../../../desktop/LoadError.tsx';

const figureKeys = ['gmvFen', 'refundsFen', 'netRevenueFen', 'costOfGoodsFen', 'commissionFen', 'grossMarginFen'] as const;

/** The P&L of a period (up to 92 business days) in one request: headline, trend, categories, SKUs, and one Excel workbook. */
export function PnlTab() {
  const { t } = useTranslation('finance');
  const { message } = App.useApp();
  const today = businessToday();
  const [params, setParams] = useSearchParams();
  // The period lives in the URL (a link shows the same days): the last 7 days unless it names others.
  const [from, to] = pnlPeriod(params.get('from'), params.get('to'), today);
  // Which day an amount counts on (by batch unless the link says otherwise), also in the URL.
  const view = pnlView(params.get('view'));
  const setRange = (a: Dayjs, b: Dayjs) => setParams({ tab: 'pnl', from: a.format('YYYY-MM-DD'), to: b.format('YYYY-MM-DD'), view });
  const setView = (v: PnlView) => setParams({ tab: 'pnl', from, to, view: v });
  const pnl = useQuery({
    queryKey: ['finance', 'pnl', from, to, view],
    queryFn: () => api.get<Pnl>('admin/finance/pnl', { from, to, view }),
    staleTime: 60_000,
  });
  const [exporting, setExporting] = useState(false);
  const exportRange = async () => {
    setExporting(true);
    try {
      await api.download('admin/finance/pnl/export', `pnl-${view}-${from}_${to}.xlsx`, { from, to, view });
      void message.success(t('pnl.exported'));
    } catch (err) {
      void message.error(errorText(t, err));
    } finally {
      setExporting(false);
    }
  };

  const figureColumns = <T extends CategoryRow | SkuRow>(): ColumnsType<T> =>
    figureKeys.map((k) => ({
      title: t(`pnl.${k}`),
      dataIndex: k,
      align: 'right' as const,
      sorter: (a: T, b: T) => a[k] - b[k],
      render: (v: number) => <Typography.Text type={v < 0 ? 'danger' : undefined}>{yuan(v)}</Typography.Text>,
    }));
  const categoryColumns: ColumnsType<CategoryRow> = [
    { title: t('pnl.category'), dataIndex: 'categoryName' },
    ...figureColumns<CategoryRow>(),
    { title: t('pnl.margin'), key: 'margin', align: 'right', render: (_, r) => marginText(r) },
  ];
  const skuColumns: ColumnsType<SkuRow> = [
    { title: t('pnl.sku'), dataIndex: 'skuName', width: 220, ellipsis: true },
    { title: t('pnl.category'), dataIndex: 'categoryName', width: 110 },
    ...figureColumns<SkuRow>(),
    { title: t('pnl.margin'), key: 'margin', align: 'right', render: (_, r) => marginText(r) },
  ];
  const d = dayjs(today);
  const presets = [
    { label: t('pnl.last7'), value: [d.subtract(6, 'day'), d] as [Dayjs, Dayjs] },
    { label: t('pnl.last30'), value: [d.subtract(29, 'day'), d] as [Dayjs, Dayjs] },
    { label: t('pnl.thisMonth'), value: [d.startOf('month'), d] as [Dayjs, Dayjs] },
    {
      label: t('pnl.lastMonth'),
      value: [d.subtract(1, 'month').startOf('month'), d.subtract(1, 'month').endOf('month')] as [Dayjs, Dayjs],
    },
    { label: t('pnl.last90'), value: [d.subtract(89, 'day'), d] as [Dayjs, Dayjs] },
  ];
  const data = pnl.data;
  const loading = pnl.isFetching;
  const days = daysIn(from, to);
  const empty = !!data && data.bySku.length === 0 && headlineKeys.every((k) => data[k] === 0);

  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <DatePicker.RangePicker
          allowClear={false}
          value={[dayjs(from), dayjs(to)]}
          presets={presets}
          disabledDate={(x, info) => !!info.from && Math.abs(x.diff(info.from, 'day')) >= PNL_MAX_DAYS}
          onChange={(r) => r?.[0] && r[1] && setRange(r[0], r[1])}
          data-testid="pnl-range"
        />
        <Typography.Text type="secondary">{t('pnl.maxDays', { count: PNL_MAX_DAYS })}</Typography.Text>
        <Tooltip title={t(`pnl.viewHelp.${view}`)}>
          <Space size={4}>
            <Typography.Text>{t('pnl.view')}</Typography.Text>
            <Segmented<PnlView>
              value={view}
              onChange={setView}
              options={PNL_VIEWS.map((v) => ({ value: v, label: t(`pnl.views.${v}`) }))}
              data-testid="pnl-view"
            />
          </Space>
        </Tooltip>
        <Button onClick={exportRange} loading={exporting} disabled={!data} data-testid="pnl-export">
          {exporting ? t('pnl.exporting') : t('pnl.export')}
        </Button>
      </Space>
      {pnl.isError ? (
        <LoadError query={pnl} />
      ) : (
        <>
          <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
            {headlineKeys.map((k) => (
              <Col key={k} xs={12} md={8} xl={4}>
                <Card size="small" loading={!data}>
                  <Statistic
                    title={k === 'contributionFen' ? <Tooltip title={t('pnl.contributionHelp')}>{t(`pnl.${k}`)} ⓘ</Tooltip> : t(`pnl.${k}`)}
                    value={yuan(data?.[k] ?? 0)}
                    styles={{ content: { fontSize: 18, color: (data?.[k] ?? 0) < 0 ? '#cf1322' : undefined } }}
                  />
                </Card>
              </Col>
            ))}
          </Row>
          <Card size="small" style={{ marginBottom: 16 }} loading={!data} data-testid="pnl-chart">
            {empty ? (
              <Empty />
            ) : (
              <Row gutter={16}>
                {days > 1 && (
                  <Col xs={24} xl={12}>
                    <Typography.Text strong>{t('pnl.trend')}</Typography.Text>
                    <TrendChart days={data?.days ?? []} view={view} />
                  </Col>
                )}
                <Col xs={24} xl={days > 1 ? 12 : 24}>
                  <Typography.Text strong>{t('pnl.categoryChart')}</Typography.Text>
                  <CategoryChart rows={data?.byCategory ?? []} />
                </Col>
              </Row>
            )}
          </Card>
          <Tabs
            items={[
              {
                key: 'category',
                label: t('pnl.byCategory'),
                children: (
                  <Table<CategoryRow>
                    rowKey="categoryId"
                    size="small"
                    loading={loading}
                    dataSource={data?.byCategory ?? []}
                    columns={categoryColumns}
                    pagination={false}
                  />
                ),
              },
              {
                key: 'sku',
                label: t('pnl.bySku'),
                children: (
                  <Table<SkuRow>
                    rowKey="skuId"
                    size="small"
                    loading={loading}
                    dataSource={data?.bySku ?? []}
                    columns={skuColumns}
                    pagination={{ defaultPageSize: 20, showSizeChanger: true, showTotal: (n) => t('common:total', { count: n }) }}
                  />
                ),
              },
            ]}
          />
        </>
      )}
    </>
  );
}
