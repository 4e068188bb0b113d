import { ReloadOutlined } from '@ant-design/icons';
import type { AdminDashboard } from '@linli/contracts/web';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, DatePicker, Empty, Row, Skeleton, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { Suspense, lazy, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { businessToday } from '../../../common/format.ts';
import { RetryAlert } from '../../../desktop/LoadError.tsx';
import { api } from '../api.ts';
import { hourlySeries } from './hourly.ts';
import { ClosingSoon, FailedCampaigns, HealthAlerts, KpiCards, StrandedAlerts } from './Panels.tsx';
import './locales.ts';

// ECharts comes in its own chunk, after the figures.
const HourlyChart = lazy(() => import('./HourlyChart.tsx').then((m) => ({ default: m.HourlyChart })));

/** The day at a glance (GET admin/dashboard), refreshed every 30 seconds. */
export default function DashboardPage() {
  const { t } = useTranslation(['dashboard', 'common']);
  const [date, setDate] = useState<Dayjs | null>(null);
  const day = date?.format('YYYY-MM-DD');
  const query = useQuery({
    queryKey: ['admin-dashboard', day ?? 'today'],
    queryFn: () => api.get<AdminDashboard>('admin/dashboard', { date: day }),
    refetchInterval: 30_000,
    refetchIntervalInBackground: false,
  });
  const series = useMemo(() => (query.data ? hourlySeries(query.data.hourly) : null), [query.data]);
  const today = businessToday();
  const header = (
    <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {!day || day === today ? t('title') : t('titleOn', { date: day })}
      </Typography.Title>
      <Space>
        {query.dataUpdatedAt > 0 && (
          <Typography.Text type="secondary">{t('updatedAt', { time: dayjs(query.dataUpdatedAt).format('HH:mm:ss') })}</Typography.Text>
        )}
        <DatePicker
          value={date}
          onChange={setDate}
          placeholder={today}
          disabledDate={(d) => d.format('YYYY-MM-DD') > today}
          allowClear
          data-testid="dashboard-date"
        />
        <Button
          icon={<ReloadOutlined />}
          onClick={() => void query.refetch()}
          loading={query.isFetching}
          aria-label={t('common:refresh')}
        />
      </Space>
    </Space>
  );
  if (query.isPending)
    return (
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        {header}
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      </Space>
    );
  if (query.isError)
    return (
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        {header}
        <RetryAlert query={query} />
      </Space>
    );
  const data = query.data;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {header}
      <StrandedAlerts data={data} />
      <HealthAlerts data={data} />
      <KpiCards data={data} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card size="small" title={t('chart.title')}>
            {series?.empty ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('chart.empty')} style={{ height: 268, paddingTop: 80 }} />
            ) : (
              <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 300 }} />}>
                {series && <HourlyChart series={series} />}
              </Suspense>
            )}
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <ClosingSoon data={data} />
        </Col>
      </Row>
      <FailedCampaigns data={data} />
    </Space>
  );
}
