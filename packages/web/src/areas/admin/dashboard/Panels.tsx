import type { AdminDashboard } from '@linli/contracts/web';
import { Alert, Card, Col, Empty, Progress, Row, Space, Statistic, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { countdown, shortDateTime, yuan } from '../../../common/format.ts';
import { useCan } from '../permissions.ts';
import './locales.ts';

/** The day's figures: orders, GMV, refunds, average order, residents ordering, open campaigns. */
export function KpiCards({ data }: { data: AdminDashboard }) {
  const { t } = useTranslation('dashboard');
  const cards = [
    { key: 'orders', value: data.orders.toLocaleString(), testId: 'dashboard-orders' },
    { key: 'gmv', value: yuan(data.gmvFen), testId: 'dashboard-gmv' },
    { key: 'refunds', value: yuan(data.refundsFen), testId: 'dashboard-refunds' },
    { key: 'averageOrder', value: yuan(data.averageOrderFen), testId: 'dashboard-average' },
    { key: 'activeResidents', value: data.activeResidents.toLocaleString(), testId: 'dashboard-residents' },
    { key: 'campaignsOpen', value: data.campaignsOpen.toLocaleString(), testId: 'dashboard-open' },
  ];
  return (
    <Row gutter={[16, 16]}>
      {cards.map((c) => (
        <Col key={c.key} xs={12} md={8} xl={4}>
          <Card size="small">
            <Statistic title={t(`kpi.${c.key}`)} value={c.value} styles={{ content: { fontWeight: 600 } }} data-testid={c.testId} />
          </Card>
        </Col>
      ))}
    </Row>
  );
}

/** Failed background jobs and undelivered events, which need a person to look. */
export function HealthAlerts({ data }: { data: AdminDashboard }) {
  const { t } = useTranslation('dashboard');
  if (data.failedJobs === 0 && data.stuckEvents === 0)
    return <Alert type="success" showIcon title={t('alerts.ok')} data-testid="dashboard-health-ok" />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {data.failedJobs > 0 && (
        <Alert type="error" showIcon title={t('alerts.failedJobs', { count: data.failedJobs })} data-testid="dashboard-failed-jobs" />
      )}
      {data.stuckEvents > 0 && (
        <Alert type="warning" showIcon title={t('alerts.stuckEvents', { count: data.stuckEvents })} data-testid="dashboard-stuck-events" />
      )}
    </Space>
  );
}

/**
 * Paid orders on or past their pickup date at points no route serves, without a decision: one
 * warning per delivery date, linking to that date in Dispatch for those who may open it.
 */
export function StrandedAlerts({ data }: { data: AdminDashboard }) {
  if (data.stranded.length === 0) return null;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {data.stranded.map((s) => (
        <StrandedAlert key={s.deliveryDate} stranded={s} />
      ))}
    </Space>
  );
}

// Apart from the list so that the roles (auth/me) are asked only when something is stranded.
function StrandedAlert({ stranded: s }: { stranded: AdminDashboard['stranded'][number] }) {
  const { t } = useTranslation('dashboard');
  const dispatch = useCan()('section.dispatch');
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="dashboard-stranded"
      title={t('stranded.title', {
        date: s.deliveryDate,
        orders: t('stranded.orders', { count: s.orders }),
        points: t('stranded.points', { count: s.points }),
      })}
      action={
        dispatch ? (
          <Link to={`/dispatch?date=${s.deliveryDate}`} data-testid="dashboard-stranded-link">
            {t('stranded.decide')}
          </Link>
        ) : (
          <Typography.Text type="secondary">{t('stranded.askDispatcher')}</Typography.Text>
        )
      }
    />
  );
}

const row = {
  display: 'flex',
  justifyContent: 'space-between',
  alignItems: 'center',
  gap: 16,
  padding: '8px 4px',
  borderBottom: '1px solid #f0f0f0',
} as const;

function useNow(ms: number): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

/** Open campaigns whose cutoff is within 3 hours, with the time left and their orders. */
export function ClosingSoon({ data }: { data: AdminDashboard }) {
  const { t } = useTranslation('dashboard');
  const now = useNow(1000);
  return (
    <Card
      size="small"
      title={t('closing.title')}
      extra={<Typography.Text type="secondary">{t('closing.hint')}</Typography.Text>}
      styles={{ body: { maxHeight: 316, overflowY: 'auto', paddingTop: 4 } }}
    >
      {data.closingSoon.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('closing.empty')} />
      ) : (
        [...data.closingSoon]
          .sort((a, b) => a.cutoffAt.localeCompare(b.cutoffAt))
          .map((c) => {
            const left = countdown(c.cutoffAt, now);
            return (
              <div key={c.id} style={row} data-testid="dashboard-closing">
                <Space orientation="vertical" size={0}>
                  <Link to={`/campaigns/${c.id}`}>{c.title}</Link>
                  <Typography.Text
                    type={left && left.days === 0 && left.text < '01:00:00' ? 'danger' : 'secondary'}
                    style={{ fontSize: 12 }}
                  >
                    {shortDateTime(c.cutoffAt)} · {left ? t('closing.left', { time: left.text }) : '—'}
                  </Typography.Text>
                </Space>
                <Typography.Text type="secondary">{t('closing.orders', { count: c.orders })}</Typography.Text>
              </div>
            );
          })
      )}
    </Card>
  );
}

/** Campaigns that failed that day, below their minimum. */
export function FailedCampaigns({ data }: { data: AdminDashboard }) {
  const { t } = useTranslation('dashboard');
  return (
    <Card size="small" title={t('failed.title')} extra={<Typography.Text type="secondary">{t('failed.hint')}</Typography.Text>}>
      {data.failedCampaigns.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('failed.empty')} />
      ) : (
        data.failedCampaigns.map((c) => (
          <div key={c.id} style={row} data-testid="dashboard-failed-campaign">
            <Link to={`/campaigns/${c.id}`}>{c.title}</Link>
            <Progress
              size="small"
              status="exception"
              style={{ width: 260, margin: 0 }}
              percent={c.minTotalQuantity ? Math.floor((c.orderedQuantity / c.minTotalQuantity) * 100) : 0}
              format={() => `${c.orderedQuantity} / ${c.minTotalQuantity}`}
            />
          </div>
        ))
      )}
    </Card>
  );
}
